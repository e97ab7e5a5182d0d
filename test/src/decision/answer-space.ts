import { directions, peers, type Answers, type OutcomeId } from '../../../src/index.js';

/** The article's decision framework, written out independently as the oracle. */
export function articleOutcome(a: Answers): OutcomeId {
  if (a.direction === 'bidirectional') return a.peer === 'browser' ? 'websocket' : 'grpc-bidi';
  if (a.direction === 'server-to-client') return a.rate! > 100 ? 'grpc-server-stream' : 'sse';
  return 'http';
}

/** One rate on each side of every line the rules draw: 0.1, 1, 10, 60, 100 and 1000 messages a second. */
const rates = [undefined, 0.1, 1, 1.5, 10, 10.5, 60, 61, 100, 100.01, 1000, 1000.5] as const;
const peerAnswers = [undefined, ...peers] as const;
const flags = [undefined, true, false] as const;

/** The later yes/no answers: every rule reads "yes" apart from "no" and "not answered", so those two are one. */
function* extras(): Generator<Answers> {
  for (const callbacks of [undefined, true] as const)
    for (const protobuf of [undefined, true] as const)
      for (const agents of [undefined, true] as const)
        for (const watch of [undefined, true] as const)
          for (const devices of [undefined, true] as const) {
          const a: Answers = {};
          if (callbacks) a.callbacks = callbacks;
          if (protobuf) a.protobuf = protobuf;
          if (agents) a.agents = agents;
          if (watch) a.watch = watch;
          if (devices) a.devices = devices;
          yield a;
        }
}

/** Every combination of answers the engine distinguishes, unanswered ones included. */
export function* allAnswers(): Generator<Answers> {
  for (const direction of directions)
    for (const peer of peerAnswers)
      for (const rate of rates)
        for (const binary of flags)
          for (const strictProxy of flags)
            for (const lossless of [undefined, true] as const)
              for (const latestWins of [undefined, true] as const)
                for (const extra of extras()) {
                const a: Answers = { direction, ...extra };
                if (peer !== undefined) a.peer = peer;
                if (rate !== undefined) a.rate = rate;
                if (binary !== undefined) a.binary = binary;
                if (strictProxy !== undefined) a.strictProxy = strictProxy;
                if (lossless !== undefined) a.lossless = lossless;
                if (latestWins !== undefined) a.latestWins = latestWins;
                yield a;
              }
}

/** Whether the engine still needs an answer: who is on the other end always, the rate when server-to-client. */
export function needsAnswer(a: Answers): boolean {
  return a.peer === undefined || (a.direction === 'server-to-client' && a.rate === undefined);
}
