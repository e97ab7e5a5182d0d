import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startChildServer } from './child-server.js';

const CLIENTS = 200;
const DRAIN_MS = 1000;
const CLOSE_TIMEOUT_MS = 2000; // the default closeTimeoutMs

describe('SIGTERM with 200 connected clients', () => {
  it('drains, closes every client with 1001, and exits 0 within drain + grace', async () => {
    const server = await startChildServer({ DRAIN_DELAY_MS: String(DRAIN_MS) });
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws`;
    const codes: Promise<number>[] = [];
    for (let n = 0; n < CLIENTS; n += 1) {
      const ws = new WebSocket(`${wsUrl}?name=c${n}`);
      ws.on('error', () => {});
      codes.push(new Promise((resolve) => ws.once('close', (code) => resolve(code))));
      await new Promise((resolve) => ws.once('message', resolve)); // the welcome
      ws.send(JSON.stringify({ type: 'join', room: 'lobby' }));
    }

    server.child.kill('SIGTERM');
    const drainingHealth = await fetch(`${server.url}/healthz`);
    const { code, ms } = await server.exited;
    const closeCodes = await Promise.all(codes);
    const goingAway = closeCodes.filter((c) => c === 1001).length;
    console.log(
      `[websocket SIGTERM] ${CLIENTS} clients: exit ${code} after ${ms} ms (drain ${DRAIN_MS} + close timeout ${CLOSE_TIMEOUT_MS}); ` +
        `/healthz while draining ${drainingHealth.status}; ${goingAway}/${CLIENTS} closed with 1001`,
    );
    expect(drainingHealth.status).toBe(503);
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(ms).toBeLessThan(DRAIN_MS + CLOSE_TIMEOUT_MS + 1000);
    expect(goingAway).toBe(CLIENTS);
  });
});
