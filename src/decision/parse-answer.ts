import { UsageError } from '../errors.js';
import type { Answers, Direction, Peer } from './answers.js';
import { directionQuestion, peerQuestion, rateQuestion } from './questions.js';

/** Turns raw flag text into typed answers, with one-line errors naming the accepted values. */

function choice<V extends string>(flag: string, accepted: readonly V[], raw: string): V {
  const value = raw.trim().toLowerCase();
  if ((accepted as readonly string[]).includes(value)) return value as V;
  throw new UsageError('CP_INVALID_VALUE', `${flag} must be one of ${accepted.join(', ')} (got "${raw}").`);
}

export function parseDirection(raw: string): Direction {
  return choice(directionQuestion.flag, directionQuestion.choices.map((c) => c.value), raw);
}

export function parsePeer(raw: string): Peer {
  return choice(peerQuestion.flag, peerQuestion.choices.map((c) => c.value), raw);
}

/** A rate is a plain decimal number of messages per second, 0 or more: "500", "0.5". */
export function parseRate(raw: string): number {
  const text = raw.trim();
  const value = Number(text);
  // Number() would also take "0x10", "1e3" and "Infinity"; a rate is written in plain decimals.
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw new UsageError(
      'CP_INVALID_VALUE',
      `${rateQuestion.flag} must be a number of ${rateQuestion.unit}, 0 or more, e.g. 10 or 500 (got "${raw}").`,
    );
  }
  return value;
}

export interface RawAnswers {
  direction?: string | undefined;
  peer?: string | undefined;
  rate?: string | undefined;
  binary?: boolean | undefined;
  strictProxy?: boolean | undefined;
  lossless?: boolean | undefined;
  latestWins?: boolean | undefined;
  callbacks?: boolean | undefined;
  protobuf?: boolean | undefined;
  agents?: boolean | undefined;
  watch?: boolean | undefined;
  devices?: boolean | undefined;
}

export function parseAnswers(raw: RawAnswers): Answers {
  const answers: Answers = {};
  if (raw.direction !== undefined) answers.direction = parseDirection(raw.direction);
  if (raw.peer !== undefined) answers.peer = parsePeer(raw.peer);
  if (raw.rate !== undefined) answers.rate = parseRate(raw.rate);
  if (raw.binary !== undefined) answers.binary = raw.binary;
  if (raw.strictProxy !== undefined) answers.strictProxy = raw.strictProxy;
  if (raw.lossless !== undefined) answers.lossless = raw.lossless;
  if (raw.latestWins !== undefined) answers.latestWins = raw.latestWins;
  if (raw.callbacks !== undefined) answers.callbacks = raw.callbacks;
  if (raw.protobuf !== undefined) answers.protobuf = raw.protobuf;
  if (raw.agents !== undefined) answers.agents = raw.agents;
  if (raw.watch !== undefined) answers.watch = raw.watch;
  if (raw.devices !== undefined) answers.devices = raw.devices;
  return answers;
}
