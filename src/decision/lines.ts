/**
 * Our line, not a measured limit: at 10 messages a second or fewer a request per batch (a long
 * poll) or per client message (a POST beside SSE) costs little; above it, one held connection.
 * Its own file so the CLI's help can name it without loading the rules and their sources.
 */
export const fewMessagesLimit = 10;
