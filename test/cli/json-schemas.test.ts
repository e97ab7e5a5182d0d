import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ratingMarks } from '../../cli/render/rating.js';
import {
  directions,
  errorCodes,
  featureIds,
  landscapeIds,
  outcomeIds,
  peers,
  protocolIds,
  summaryProtocolIds,
  templateIds,
} from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const names = ['recommend', 'explain', 'compare', 'init', 'error'] as const;
type Name = (typeof names)[number];

interface Schema {
  $schema: string;
  $id: string;
  properties: Record<string, Schema>;
  $defs?: Record<string, { enum: unknown[] }>;
  enum?: unknown[];
}

const schemas = Object.fromEntries(
  names.map((name) => [name, JSON.parse(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8')) as Schema]),
) as Record<Name, Schema>;

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validators = Object.fromEntries(names.map((name) => [name, ajv.compile(schemas[name])])) as Record<Name, ValidateFunction>;

/** Parses stdout and checks it against the schema, showing ajv's errors when it fails. */
function expectValid(name: Name, stdout: string): unknown {
  const value: unknown = JSON.parse(stdout);
  const valid = validators[name](value);
  expect(valid, `${name}: ${ajv.errorsText(validators[name].errors)}\n${stdout.slice(0, 400)}`).toBe(true);
  return value;
}

describe('the JSON schemas', () => {
  it.each(names)('%s.schema.json is draft 2020-12, compiles strictly and has its own $id', (name) => {
    expect(schemas[name].$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schemas[name].$id).toBe(`https://unpkg.com/choose-protocol/schemas/${name}.schema.json`);
  });

  it('take their enums from the same data the CLI uses', () => {
    const { recommend, explain, compare, init, error } = schemas;
    expect(recommend.$defs!.outcomeId!.enum).toEqual([...outcomeIds]);
    expect(recommend.$defs!.templateId!.enum).toEqual([...templateIds]);
    expect(recommend.properties.answers!.properties.direction!.enum).toEqual([...directions, null]);
    expect(recommend.properties.answers!.properties.peer!.enum).toEqual([...peers, null]);
    const protocol = explain.$defs!.protocol as unknown as Schema;
    const landscape = explain.$defs!.landscape as unknown as Schema;
    expect(protocol.properties.id!.enum).toEqual([...protocolIds]);
    expect(protocol.properties.template!.enum).toEqual([...templateIds]);
    expect(Object.keys(protocol.properties.summary!.properties)).toEqual([...featureIds]);
    expect(landscape.properties.id!.enum).toEqual([...landscapeIds]);
    for (const schema of [explain, compare]) expect(schema.$defs!.rating!.enum).toEqual(Object.keys(ratingMarks));
    expect(init.properties.template!.enum).toEqual([...templateIds]);
    expect(error.properties.error!.properties.code!.enum).toEqual(Object.keys(errorCodes));
    expect(error.properties.error!.properties.exitCode!.enum).toEqual([1, 2, 130]);
    // compare's feature and protocol enums, read through its items.
    const rows = (compare.properties.rows as unknown as { items: Schema }).items;
    expect(rows.properties.feature!.enum).toEqual([...featureIds]);
    expect(Object.keys(rows.properties.cells!.properties)).toEqual([...summaryProtocolIds]);
  });

  it('are strict: an output with a field they do not know fails', async () => {
    const report = JSON.parse((await runCli(['recommend', '--direction', 'client-to-server', '--peer', 'service', '--json'])).stdout) as Record<string, unknown>;
    expect(validators.recommend(report)).toBe(true);
    expect(validators.recommend({ ...report, extra: 1 })).toBe(false);
    expect(validators.recommend({ ...report, answers: { ...(report.answers as object), peer: 'fridge' } })).toBe(false);
    const missing = { ...report };
    delete missing.scaffoldCommand;
    expect(validators.recommend(missing)).toBe(false);
  });
});

describe('every --json output matches its schema', () => {
  it.each(
    [
      ['--direction', 'bidirectional', '--peer', 'browser'],
      ['--direction', 'bidirectional', '--peer', 'service', '--binary'],
      ['--direction', 'server-to-client', '--rate', '20', '--peer', 'public', '--strict-proxy', '--lossless'],
      ['--direction', 'server-to-client', '--rate', '5000', '--peer', 'browser', '--no-binary'],
      ['--direction', 'bidirectional', '--peer', 'browser', '--latest-wins'],
      ['--direction', 'server-to-client', '--rate', '500', '--peer', 'service', '--strict-proxy', '--binary'],
      ['--direction', 'client-to-server', '--peer', 'browser', '--binary', '--strict-proxy'],
      ['--direction', 'server-to-client', '--rate', '3', '--peer', 'public', '--callbacks'],
      ['--direction', 'server-to-client', '--rate', '1', '--peer', 'service', '--watch', '--no-callbacks'],
      ['--direction', 'server-to-client', '--rate', '40', '--peer', 'browser', '--protobuf'],
      ['--direction', 'bidirectional', '--peer', 'public', '--agents', '--no-protobuf'],
      ['--direction', 'server-to-client', '--rate', '0.05', '--peer', 'public', '--protobuf'],
    ].map((args) => ({ shown: args.join(' '), args })),
  )('recommend $shown', async ({ args }) => {
    const result = await runCli(['recommend', ...args, '--json']);
    expect(result.code).toBe(0);
    expectValid('recommend', result.stdout);
  });

  it('the questionnaire with --json (the same shape as recommend)', async () => {
    const result = await runCli(['--direction', 'server-to-client', '--rate', '150', '--peer', 'public', '--json']);
    expect(result.code).toBe(0);
    expectValid('recommend', result.stdout);
  });

  it.each([...protocolIds, ...landscapeIds])('explain %s', async (id) => {
    const result = await runCli(['explain', id, '--json']);
    expect(result.code).toBe(0);
    expectValid('explain', result.stdout);
  });

  it('compare', async () => {
    const result = await runCli(['compare', '--json']);
    expect(result.code).toBe(0);
    expectValid('compare', result.stdout);
  });

  it('init: written, dry run, and written over a folder with --force', async () => {
    const cwd = await tempDir();
    for (const args of [['websocket', 'chat'], ['grpc', 'prices', '--web', '--dry-run'], ['sse', 'feed', '--name', '@acme/feed']]) {
      const result = await runCli(['init', ...args, '--json'], { cwd });
      expect(result.code, result.stderr).toBe(0);
      expectValid('init', result.stdout);
    }
    await mkdir(join(cwd, 'app'));
    await writeFile(join(cwd, 'app', 'README.md'), 'mine\n');
    const forced = await runCli(['init', 'http', 'app', '--force', '--json'], { cwd });
    expect(forced.code, forced.stderr).toBe(0);
    expect(expectValid('init', forced.stdout)).toMatchObject({ overwritten: ['README.md'] });
  });

  it('errors, whatever the command', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'full'));
    await writeFile(join(cwd, 'full', 'x'), '');
    for (const args of [
      ['recommend', '--json', '--bogus'],
      ['explain', 'nope', '--json'],
      ['init', 'x', '--json'],
      ['init', 'sse', 'full', '--json'],
      ['init', 'sse', 'Bad Name', '--json'],
      ['recommend', '--direction', 'bidirectional', '--json'],
      ['nope', '--json'],
    ]) {
      const result = await runCli(args, { cwd });
      expect(result.code, args.join(' ')).not.toBe(0);
      expectValid('error', result.stdout);
    }
  });
});
