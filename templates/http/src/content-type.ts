import { HttpError } from './errors.js';

export type BodyFormat = 'json' | 'ndjson';

const FORMATS: Readonly<Record<string, BodyFormat>> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
};

/** Maps Content-Type (and Content-Encoding) to a body format, or throws 415. */
export function bodyFormat(contentType: string | undefined, contentEncoding: string | undefined): BodyFormat {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new HttpError(
      'UNSUPPORTED_CONTENT_ENCODING',
      `Content-Encoding "${encoding}" is not accepted; send the body uncompressed`,
    );
  }
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';');
  const format = FORMATS[mediaType.trim().toLowerCase()];
  if (format === undefined) {
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type must be application/json or application/x-ndjson, got "${contentType ?? ''}"`,
    );
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `charset must be utf-8, got "${charset}"`);
    }
  }
  return format;
}
