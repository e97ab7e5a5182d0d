import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { loadWebConfig } from '../src/web/config.js';

describe('loadWebConfig', () => {
  it('defaults to port 8080 and no cross-origin callers', () => {
    expect(loadWebConfig({})).toEqual({ webPort: 8080, allowedOrigins: [] });
  });

  it('reads WEB_PORT and a comma-separated ALLOWED_ORIGINS', () => {
    expect(loadWebConfig({ WEB_PORT: '0', ALLOWED_ORIGINS: 'https://a.example, http://localhost:5173' })).toEqual({
      webPort: 0,
      allowedOrigins: ['https://a.example', 'http://localhost:5173'],
    });
  });

  it.each([
    [{ WEB_PORT: 'web' }, 'WEB_PORT must be an integer from 0 to 65535, got "web"'],
    [{ ALLOWED_ORIGINS: '*' }, 'ALLOWED_ORIGINS: "*" is not an origin'],
    [{ ALLOWED_ORIGINS: 'https://a.example/path' }, 'ALLOWED_ORIGINS: "https://a.example/path" is not an origin'],
    [{ ALLOWED_ORIGINS: 'ftp://a.example' }, 'ALLOWED_ORIGINS: "ftp://a.example" is not an origin'],
  ])('refuses %o', (env, message) => {
    expect(() => loadWebConfig(env)).toThrow(ConfigError);
    expect(() => loadWebConfig(env)).toThrow(message);
  });
});
