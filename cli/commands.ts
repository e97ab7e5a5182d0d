import { landscapeIds } from '../src/catalogue/landscape-ids.js';
import { protocolIds } from '../src/catalogue/protocols.js';
import { directions, peers } from '../src/decision/answers.js';
import { fewMessagesLimit } from '../src/decision/lines.js';
import { highFrequencyThreshold } from '../src/decision/tree.js';
import { templateIds } from '../src/templates.js';

/**
 * Every command and flag, as data: the parser accepts exactly these, `--help` prints them, and a
 * test checks that the README documents each one.
 */

export interface FlagSpec {
  name: string;
  type: 'string' | 'boolean';
  /** Placeholder for string flags, e.g. "<n>". */
  value?: string;
  /** Accepted values, shown in help and in errors. */
  choices?: readonly string[];
  /** Booleans that also accept --no-<name>. */
  negatable?: boolean;
  /** A one-letter alias, e.g. -h. */
  short?: string;
  description: string;
}

export interface ArgSpec {
  name: string;
  required: boolean;
  description: string;
}

export type CommandName = 'questionnaire' | 'recommend' | 'explain' | 'compare' | 'init' | 'demo' | 'bench';

export interface CommandSpec {
  name: CommandName;
  usage: string;
  summary: string;
  args: readonly ArgSpec[];
  flags: readonly FlagSpec[];
  examples: readonly string[];
}

const help: FlagSpec = { name: 'help', type: 'boolean', short: 'h', description: 'Show help for this command' };
const json: FlagSpec = { name: 'json', type: 'boolean', description: 'Print one JSON object instead of text' };

export const answerFlags: readonly FlagSpec[] = [
  {
    name: 'direction',
    type: 'string',
    value: '<direction>',
    choices: directions,
    description: 'Who sends: both sides at once, only the server, or only the client',
  },
  {
    name: 'peer',
    type: 'string',
    value: '<peer>',
    choices: peers,
    description: "Who is on the other end: web pages, your own services, or a public API's clients (asked on every path)",
  },
  {
    name: 'rate',
    type: 'string',
    value: '<n>',
    description: `Peak messages per second on one client's stream; above ${highFrequencyThreshold} is high-frequency (needed when server-to-client; optional as a flag when two-way, where the questionnaire asks it and ${fewMessagesLimit} or fewer can change the advice; not read when client-to-server)`,
  },
  { name: 'binary', type: 'boolean', negatable: true, description: 'Payloads are binary (refinement)' },
  {
    name: 'strict-proxy',
    type: 'boolean',
    negatable: true,
    description: 'Traffic crosses strict proxies or HTTP/1.1-only infrastructure (refinement)',
  },
  { name: 'lossless', type: 'boolean', negatable: true, description: 'A reconnecting client must miss nothing (refinement)' },
  {
    name: 'latest-wins',
    type: 'boolean',
    negatable: true,
    description: 'Only the latest value matters, stale messages may be dropped: game state, live media (refinement)',
  },
  {
    name: 'callbacks',
    type: 'boolean',
    negatable: true,
    description: 'The consumers are servers that can receive HTTP requests at a URL they register: webhooks (refinement)',
  },
  {
    name: 'protobuf',
    type: 'boolean',
    negatable: true,
    description: 'Messages are defined in Protobuf, with generated code on every client, yours or client libraries you publish (refinement)',
  },
  {
    name: 'agents',
    type: 'boolean',
    negatable: true,
    description: 'The clients are AI agents speaking an agent protocol such as MCP or A2A (refinement)',
  },
  {
    name: 'watch',
    type: 'boolean',
    negatable: true,
    description: 'Clients wait for changes to state they already read with ordinary requests: a resource, a folder, a key (refinement)',
  },
  {
    name: 'devices',
    type: 'boolean',
    negatable: true,
    description: "Your own service's clients are apps you ship on people's devices (phones, desktops, TVs, cars), over mobile and home networks (refinement)",
  },
];

export const globalFlags: readonly FlagSpec[] = [
  { name: 'help', type: 'boolean', short: 'h', description: 'Show help' },
  { name: 'version', type: 'boolean', short: 'v', description: 'Print the version' },
  { name: 'color', type: 'boolean', negatable: true, description: 'Force colour on or off (NO_COLOR and FORCE_COLOR are honoured too)' },
];

export const commands: Record<CommandName, CommandSpec> = {
  questionnaire: {
    name: 'questionnaire',
    usage: 'choose-protocol [answer flags]',
    summary: 'Ask the questions, recommend a protocol, and offer to scaffold a starter',
    args: [],
    flags: [...answerFlags, json, help],
    examples: ['choose-protocol', 'choose-protocol --direction server-to-client --rate 20 --peer browser'],
  },
  recommend: {
    name: 'recommend',
    usage: 'choose-protocol recommend [answer flags] [--json]',
    summary: 'Recommend a protocol from answers given as flags (asks only what is missing, on a terminal)',
    args: [],
    flags: [...answerFlags, json, help],
    examples: [
      'choose-protocol recommend --direction bidirectional --peer browser',
      'choose-protocol recommend --direction server-to-client --peer browser --rate 5000 --json',
    ],
  },
  explain: {
    name: 'explain',
    usage: 'choose-protocol explain <protocol> [--json]',
    summary: 'How a protocol works, its strengths, gotchas, the article\'s claims and our sourced corrections; also the 2026 landscape',
    args: [
      {
        name: 'protocol',
        required: true,
        description: `The article's: ${protocolIds.join(', ')}. The 2026 landscape: ${landscapeIds.join(', ')}`,
      },
    ],
    flags: [json, help],
    examples: ['choose-protocol explain sse', 'choose-protocol explain webtransport', 'choose-protocol explain grpc-web --json'],
  },
  compare: {
    name: 'compare',
    usage: 'choose-protocol compare [--json]',
    summary: "The article's summary table of WebSocket, SSE and gRPC streaming, with our sourced corrections beside it",
    args: [],
    flags: [json, help],
    examples: ['choose-protocol compare'],
  },
  init: {
    name: 'init',
    usage: 'choose-protocol init <template> [directory] [flags]',
    summary: 'Scaffold a tested starter project for a protocol',
    args: [
      { name: 'template', required: true, description: `One of ${templateIds.join(', ')}` },
      { name: 'directory', required: false, description: 'Where to create it (default: <template>-starter)' },
    ],
    flags: [
      { name: 'name', type: 'string', value: '<name>', description: 'Package name (default: the directory\'s base name)' },
      { name: 'web', type: 'boolean', description: 'grpc only: add the gRPC-Web/Connect browser gateway' },
      { name: 'force', type: 'boolean', description: 'Write over same-named files in a non-empty directory (never deletes anything)' },
      { name: 'install', type: 'boolean', negatable: true, description: 'Install dependencies with the package manager you ran us with' },
      { name: 'git', type: 'boolean', negatable: true, description: 'Create a git repository with a first commit' },
      { name: 'dry-run', type: 'boolean', description: 'Print what would be written and write nothing' },
      json,
      help,
    ],
    examples: ['choose-protocol init sse', 'choose-protocol init grpc my-prices --web --install --git'],
  },
  demo: {
    name: 'demo',
    usage: 'choose-protocol demo [--port <n>] [--host <host>] [--open]',
    summary: 'Serve the docs site and its live demos (every starter running) on one port until Ctrl-C',
    args: [],
    flags: [
      { name: 'port', type: 'string', value: '<n>', description: 'Port to listen on (default 4321; 0 picks a free one)' },
      { name: 'host', type: 'string', value: '<host>', description: 'Address to listen on (default $HOST, else 127.0.0.1)' },
      { name: 'open', type: 'boolean', description: 'Open the site in your browser' },
      help,
    ],
    examples: ['choose-protocol demo', 'choose-protocol demo --port 0 --open'],
  },
  bench: {
    name: 'bench',
    usage: 'choose-protocol bench [flags]',
    summary: "Measure the starters' own servers against raw ws, node:http SSE and grpc-js on this machine (from a clone: npm run bench)",
    args: [],
    flags: [
      { name: 'protocols', type: 'string', value: '<list>', description: 'Comma-separated: ws, sse, grpc (default: all three)' },
      { name: 'clients', type: 'string', value: '<n>', description: 'Subscribers per server (default 100)' },
      { name: 'rate', type: 'string', value: '<n>', description: 'Events per second offered, each to every client (default 1000)' },
      { name: 'duration', type: 'string', value: '<time>', description: 'Measured time per run, e.g. 10s or 500ms (default 10s)' },
      { name: 'warmup', type: 'string', value: '<time>', description: 'Unmeasured time before it (default 3s)' },
      { name: 'payload', type: 'string', value: '<bytes>', description: 'Text bytes per event (default 100)' },
      { name: 'find-max', type: 'boolean', description: 'Also step the rate up to the maximum sustainable deliveries/s per server, measure the websocket and sse starters\' CPU per delivery at 5,000 events/s x 100 clients (goal: 1 µs), and each starter\'s p99 against its raw baseline\'s at a rate both sustained (goal: 1.5x)' },
      { name: 'slo-ms', type: 'string', value: '<ms>', description: 'The p99 --find-max allows (default 50)' },
      { name: 'memory', type: 'boolean', description: 'Also measure server memory per idle connection (1,000 then 5,000; three runs of each server, in turns)' },
      { name: 'sse-h2', type: 'boolean', description: 'Also run the SSE starter and its raw baseline over cleartext HTTP/2' },
      { name: 'client-workers', type: 'string', value: '<n>', description: 'Client processes the subscribers are spread over (default 2)' },
      { name: 'redis', type: 'boolean', description: 'Also run the ws and sse starters in Redis mode against a redis-server of its own (needs redis-server)' },
      { name: 'out', type: 'string', value: '<file>', description: 'Also write the JSON result to this file' },
      json,
      help,
    ],
    examples: ['choose-protocol bench', 'choose-protocol bench --protocols ws --clients 50 --duration 5s', 'choose-protocol bench --find-max --duration 3s --warmup 1s --json'],
  },
};

/** The commands a user can name (the questionnaire is what runs when none is named). */
export const namedCommands = ['recommend', 'explain', 'compare', 'init', 'demo', 'bench'] as const satisfies readonly CommandName[];
