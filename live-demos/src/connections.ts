import { addressKey } from '../../templates/sse/src/address-key.js';
import type { DemoLimits } from './limits.js';

/**
 * The demo server's long-lived connections (WebSockets, event streams, gRPC-Web streams): who
 * holds them (per-address and total caps), and how to cut each one server-side by the
 * connection id its page chose (`cid`), for the demos' "Cut the connection" button.
 *
 * Ids are chosen by the page (128 random bits, crypto.randomUUID) and sent with the connection,
 * so only the page that opened a connection can name it; a page learns nothing about others'.
 */
export const CID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; limit: 'connectionsPerIp' | 'totalClients' | 'cid'; message: string };

interface Entry {
  demo: string;
  cut: () => void;
}

export interface ConnectionRegistry {
  /**
   * Counts one connection from `address` (and registers `cid`, when given, with its cut function).
   * An IPv6 client counts by its /64 and an IPv4-mapped address as its IPv4 one, as the starters'
   * own per-address limits count them (their addressKey).
   * Refused over a limit or when the cid is malformed or already live. `release` is idempotent.
   */
  admit(address: string, demo: string, cid: string | null, cut: () => void): Admission;
  /** Cuts the live connection with this id; false when there is none. */
  cut(cid: string): boolean;
  /** Cuts every connection (shutdown), returns how many. */
  cutAll(): number;
  readonly size: number;
}

export function createConnectionRegistry(limits: Pick<DemoLimits, 'connectionsPerIp' | 'totalClients' | 'maxConnectionMs'>): ConnectionRegistry {
  const perIp = new Map<string, number>();
  const byCid = new Map<string, Entry>();
  const all = new Set<Entry>();

  return {
    get size() {
      return all.size;
    },

    admit(address, demo, cid, cut) {
      const ip = addressKey(address);
      if (cid !== null && !CID_PATTERN.test(cid)) {
        return { ok: false, limit: 'cid', message: 'cid must be 16-64 letters, digits, "_" or "-"' };
      }
      if (cid !== null && byCid.has(cid)) {
        return { ok: false, limit: 'cid', message: 'this cid is already in use by a live connection' };
      }
      const held = perIp.get(ip) ?? 0;
      if (held >= limits.connectionsPerIp) {
        return {
          ok: false,
          limit: 'connectionsPerIp',
          message: `at most ${limits.connectionsPerIp} open demo connections per address; close a tab or wait`,
        };
      }
      if (all.size >= limits.totalClients) {
        return {
          ok: false,
          limit: 'totalClients',
          message: `the demo server is full (${limits.totalClients} connections); try again in a minute`,
        };
      }
      const entry: Entry = { demo, cut };
      perIp.set(ip, held + 1);
      all.add(entry);
      if (cid !== null) byCid.set(cid, entry);
      // A forgotten tab must not hold a slot for ever: cut it after maxConnectionMs (it reconnects).
      const expiry = setTimeout(() => entry.cut(), limits.maxConnectionMs);
      expiry.unref();
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          clearTimeout(expiry);
          all.delete(entry);
          if (cid !== null && byCid.get(cid) === entry) byCid.delete(cid);
          const left = (perIp.get(ip) ?? 1) - 1;
          if (left <= 0) perIp.delete(ip);
          else perIp.set(ip, left);
        },
      };
    },

    cut(cid) {
      const entry = byCid.get(cid);
      if (entry === undefined) return false;
      entry.cut();
      return true;
    },

    cutAll() {
      const entries = [...all];
      for (const entry of entries) entry.cut();
      return entries.length;
    },
  };
}
