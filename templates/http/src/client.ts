import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateRecords } from './generate-records.js';
import { DEFAULT_UPLOAD, uploadWithRetry } from './upload.js';

const USAGE = `Usage:
  npm run client -- <file.ndjson>            stream a file to POST /ingest
  npm run client -- --generate <count>       stream <count> generated records

Options:
  --url <url>        ingest endpoint (default $INGEST_URL or http://127.0.0.1:$PORT/ingest)
  --key <key>        Idempotency-Key (default: a new UUID; reuse one to resume safely)
  --attempts <n>     attempts before giving up (default ${DEFAULT_UPLOAD.maxAttempts})`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      attempts: { type: 'string' },
      generate: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  const file = positionals[0];
  const generate = values.generate === undefined ? undefined : Number(values.generate);
  const attempts = values.attempts === undefined ? undefined : Number(values.attempts);
  if (values.help === true || (file === undefined) === (generate === undefined)) {
    console.error(USAGE);
    return values.help === true ? 0 : 2;
  }
  if (generate !== undefined && !(Number.isSafeInteger(generate) && generate >= 0)) {
    console.error('--generate needs a non-negative integer');
    return 2;
  }
  if (attempts !== undefined && !(Number.isSafeInteger(attempts) && attempts >= 1)) {
    console.error('--attempts needs a positive integer');
    return 2;
  }
  if (file !== undefined) await stat(file);

  const url = values.url ?? process.env.INGEST_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}/ingest`;
  const startMs = Date.now();
  const started = performance.now();
  const result = await uploadWithRetry({
    url,
    idempotencyKey: values.key ?? randomUUID(),
    maxAttempts: attempts,
    body: () => (file === undefined ? generateRecords(generate ?? 0, startMs) : createReadStream(file)),
    onRetry: ({ attempt, delayMs, reason }) =>
      console.error(`attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const replayed = result.replayed ? ', replayed' : '';
  console.error(
    `HTTP ${result.status} after ${result.attempts} attempt(s) in ${seconds} s${replayed}; key ${result.idempotencyKey}`,
  );
  console.log(JSON.stringify(result.body, null, 2));
  return result.status === 202 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('upload failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
