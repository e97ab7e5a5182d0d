import type { Publisher } from '../clients/client-api.js';
import { publishers } from '../clients/connectors.js';
import { encodeStamp } from '../payload.js';
import { startSchedule } from '../rate-scheduler.js';
import type { Protocol } from '../subjects.js';
import { serveRequests } from './child-protocol.js';

/** The open-loop publisher, in a process of its own so that a busy client never delays a send. */

export interface PublisherReport {
  sent: number;
  failures: number;
  /** Sends still unanswered when the report was taken (SSE's POST /publish). */
  outstanding: number;
  /** How far behind its schedule the publisher ever fell, ms (its own loop, not the server). */
  maxLagMs: number;
  cpuUs: number;
}

let publisher: Publisher | undefined;
let report: Promise<Omit<PublisherReport, 'outstanding' | 'failures'>> | undefined;

serveRequests({
  async connect(request) {
    publisher = await publishers[request.protocol as Protocol](request.port as number, request.root as string);
    return null;
  },
  run(request) {
    const target = publisher;
    if (!target) throw new Error('connect first');
    const payload = request.payload as number;
    const runId = request.run as number;
    const cpuStart = process.cpuUsage();
    const schedule = startSchedule({
      startUs: request.startUs as number,
      rate: request.rate as number,
      count: request.count as number,
      send: (seq, intendedUs) => target.publish(encodeStamp({ run: runId, seq, intendedUs }, payload)),
    });
    report = schedule.done.then(() => {
      const cpu = process.cpuUsage(cpuStart);
      return { sent: schedule.sent, maxLagMs: schedule.maxLagUs / 1000, cpuUs: cpu.user + cpu.system };
    });
    return null;
  },
  /** Resolves once every event has been sent. */
  async finished(): Promise<PublisherReport> {
    if (!report || !publisher) throw new Error('no run');
    return { ...(await report), failures: publisher.failures, outstanding: publisher.outstanding };
  },
  async disconnect() {
    await publisher?.close();
    publisher = undefined;
    report = undefined;
    return null;
  },
  async close() {
    await publisher?.close();
    setTimeout(() => process.exit(0), 50);
    return null;
  },
});
