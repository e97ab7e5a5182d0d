import { describe, expect, it } from 'vitest';
import { connect, opened, refusedStatus, startServer } from './helpers.js';

const TOKEN = 'a-long-enough-shared-secret';

describe('upgrade checks', () => {
  it('refuses a browser Origin that is not the server’s own with 403', async () => {
    const { wsUrl } = await startServer();
    expect(await refusedStatus(wsUrl, { origin: 'http://evil.example' })).toBe(403);
    // DNS rebinding: a foreign name that resolves to us; Origin and Host agree, still refused.
    expect(await refusedStatus(wsUrl, { origin: 'http://evil.example', headers: { host: 'evil.example' } })).toBe(
      403,
    );
    expect(await refusedStatus(wsUrl, { origin: 'null' })).toBe(403);
  });

  it('accepts the server’s own origin, its loopback aliases and clients without Origin', async () => {
    const { wsUrl, port } = await startServer();
    expect(await opened(wsUrl, { origin: `http://127.0.0.1:${port}` })).toBe(true);
    expect(await opened(wsUrl, { origin: `http://localhost:${port}` })).toBe(true);
    expect(await opened(wsUrl)).toBe(true);
    expect(await refusedStatus(wsUrl, { origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
  });

  it('accepts exactly the configured allowedOrigins', async () => {
    const { wsUrl, port } = await startServer({ allowedOrigins: ['https://chat.example.com'] });
    expect(await opened(wsUrl, { origin: 'https://chat.example.com' })).toBe(true);
    expect(await refusedStatus(wsUrl, { origin: 'http://chat.example.com' })).toBe(403);
    expect(await refusedStatus(wsUrl, { origin: `http://127.0.0.1:${port}` })).toBe(403);
  });

  it('requires the token when authToken is set: 401 without or with a wrong one', async () => {
    const { wsUrl } = await startServer({ authToken: TOKEN });
    expect(await refusedStatus(wsUrl)).toBe(401);
    expect(await refusedStatus(`${wsUrl}?token=wrong`)).toBe(401);
    expect(await refusedStatus(wsUrl, { headers: { authorization: `Bearer ${TOKEN}x` } })).toBe(401);
    expect(await refusedStatus(wsUrl, { headers: { authorization: `Basic ${TOKEN}` } })).toBe(401);
  });

  it('accepts the token as a Bearer header or as ?token=', async () => {
    const { wsUrl } = await startServer({ authToken: TOKEN });
    const byHeader = await connect(`${wsUrl}?name=cli`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(byHeader.user).toBe('cli');
    const byQuery = await connect(`${wsUrl}?token=${TOKEN}&name=web`);
    expect(byQuery.user).toBe('web');
  });

  it('checks the Origin before the token', async () => {
    const { wsUrl } = await startServer({ authToken: TOKEN });
    expect(await refusedStatus(`${wsUrl}?token=${TOKEN}`, { origin: 'http://evil.example' })).toBe(403);
  });

  it('refuses upgrades on other paths with 404', async () => {
    const { port } = await startServer();
    expect(await refusedStatus(`ws://127.0.0.1:${port}/`)).toBe(404);
    expect(await refusedStatus(`ws://127.0.0.1:${port}/ws/extra`)).toBe(404);
  });

  it('answers 503 beyond maxClients', async () => {
    const { wsUrl } = await startServer({ maxClients: 2 });
    await connect(wsUrl);
    await connect(wsUrl);
    expect(await refusedStatus(wsUrl)).toBe(503);
  });
});
