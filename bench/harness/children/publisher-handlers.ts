import type { Publisher } from '../clients/client-api.js';
import { encodeStamp } from '../payload.js';
import { startSchedule } from '../rate-scheduler.js';

export interface PublisherReport {
  sent: number;
  failures: number;
  /** Sends still unanswered when the report was taken (SSE's POST /publish). */
  outstanding: number;
  /** How far behind its schedule the publisher ever fell, ms (its own loop, not the server). */
  maxLagMs: number;
  cpuUs: number;
}

/**
 * connect / run / finished / disconnect for an open-loop publisher: served by the publisher
 * process, and by a server process for the in-process subject.
 */
export function publisherHandlers(connect: (request: Record<string, unknown>) => Promise<Publisher>) {
  let publisher: Publisher | undefined;
  let report: Promise<Omit<PublisherReport, 'outstanding' | 'failures'>> | undefined;
  return {
    async connect(request: Record<string, unknown>) {
      publisher = await connect(request);
      return null;
    },
    run(request: Record<string, unknown>) {
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
  };
}
