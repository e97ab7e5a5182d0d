import { describe, expect, it, vi } from 'vitest';
import { createConnectionRegistry } from '../../live-demos/src/connections.js';
import { limitsFromEnv } from '../../live-demos/src/config.js';
import { resolveLimits } from '../../live-demos/src/limits.js';

const CID = 'abcdefabcdefabcdef01';

describe('the connection registry', () => {
  it('admits up to connectionsPerIp per address and releases a slot exactly once', () => {
    const registry = createConnectionRegistry({ connectionsPerIp: 2, totalClients: 10, maxConnectionMs: 60_000 });
    const a = registry.admit('10.0.0.1', 'chat', null, () => {});
    const b = registry.admit('10.0.0.1', 'chat', null, () => {});
    const c = registry.admit('10.0.0.1', 'chat', null, () => {});
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    expect(c).toMatchObject({ limit: 'connectionsPerIp' });
    expect(registry.admit('10.0.0.2', 'chat', null, () => {}).ok).toBe(true);
    if (!a.ok) throw new Error('unreachable');
    a.release();
    a.release();
    expect(registry.size).toBe(2);
    expect(registry.admit('10.0.0.1', 'chat', null, () => {}).ok).toBe(true);
    expect(registry.admit('10.0.0.1', 'chat', null, () => {}).ok).toBe(false);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as its IPv4 one, as the starters do', () => {
    // A host is routinely given a whole /64: counted by full address, one client on a dual-stack
    // listener (HOST=::) had 2^64 shares of every per-address cap.
    const registry = createConnectionRegistry({ connectionsPerIp: 2, totalClients: 10, maxConnectionMs: 60_000 });
    expect(registry.admit('2001:db8:1:2::1', 'chat', null, () => {}).ok).toBe(true);
    expect(registry.admit('2001:db8:1:2:aaaa:bbbb:cccc:dddd', 'chat', null, () => {}).ok).toBe(true);
    expect(registry.admit('2001:db8:1:2::3', 'chat', null, () => {})).toMatchObject({ ok: false, limit: 'connectionsPerIp' });
    expect(registry.admit('2001:db8:1:3::1', 'chat', null, () => {}).ok).toBe(true);
    expect(registry.admit('::ffff:10.0.0.1', 'chat', null, () => {}).ok).toBe(true);
    expect(registry.admit('10.0.0.1', 'chat', null, () => {}).ok).toBe(true);
    expect(registry.admit('::ffff:10.0.0.1', 'chat', null, () => {})).toMatchObject({ ok: false, limit: 'connectionsPerIp' });
  });

  it('refuses over totalClients whatever the address', () => {
    const registry = createConnectionRegistry({ connectionsPerIp: 5, totalClients: 2, maxConnectionMs: 60_000 });
    registry.admit('a', 'x', null, () => {});
    registry.admit('b', 'x', null, () => {});
    expect(registry.admit('c', 'x', null, () => {})).toMatchObject({ ok: false, limit: 'totalClients' });
  });

  it('cuts by cid, refuses a live or malformed cid, and forgets a cid once released', () => {
    const registry = createConnectionRegistry({ connectionsPerIp: 5, totalClients: 5, maxConnectionMs: 60_000 });
    const cut = vi.fn();
    const admitted = registry.admit('a', 'x', CID, cut);
    expect(registry.admit('a', 'x', CID, () => {})).toMatchObject({ ok: false, limit: 'cid' });
    expect(registry.admit('a', 'x', 'short', () => {})).toMatchObject({ ok: false, limit: 'cid' });
    expect(registry.admit('a', 'x', `${CID}/../x`, () => {})).toMatchObject({ ok: false, limit: 'cid' });
    expect(registry.cut(CID)).toBe(true);
    expect(cut).toHaveBeenCalledOnce();
    if (!admitted.ok) throw new Error('unreachable');
    admitted.release();
    expect(registry.cut(CID)).toBe(false);
  });

  it('cuts a connection after maxConnectionMs', () => {
    vi.useFakeTimers();
    try {
      const registry = createConnectionRegistry({ connectionsPerIp: 5, totalClients: 5, maxConnectionMs: 1_000 });
      const cut = vi.fn();
      registry.admit('a', 'x', null, cut);
      vi.advanceTimersByTime(999);
      expect(cut).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(cut).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('limits', () => {
  it('reads DEMO_* variables and refuses what is not a positive integer, naming the variable', () => {
    expect(limitsFromEnv({ DEMO_MAX_CLIENTS: '7', DEMO_MAX_CONNECTIONS_PER_IP: '' })).toEqual({ totalClients: 7 });
    for (const bad of ['0', '-1', '1.5', 'ten', '1e3', ' ']) {
      expect(() => limitsFromEnv({ DEMO_MAX_PAYLOAD_BYTES: bad }), bad).toThrow(/DEMO_MAX_PAYLOAD_BYTES must be a positive integer/);
    }
  });

  it('refuses a non-positive option with its name', () => {
    expect(() => resolveLimits({ roomsPerClient: 0 })).toThrow('limit roomsPerClient must be a positive integer, got 0');
    expect(resolveLimits({}).connectionsPerIp).toBe(20);
  });
});
