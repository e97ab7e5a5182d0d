import { landscapeIds } from './landscape-ids.js';
import { protocolIds } from './protocols.js';

/** Everything `explain` takes: the article's four protocols, then the 2026 landscape. */
export const topicIds = [...protocolIds, ...landscapeIds] as const;
export type TopicId = (typeof topicIds)[number];

export function isTopicId(value: string): value is TopicId {
  return (topicIds as readonly string[]).includes(value);
}
