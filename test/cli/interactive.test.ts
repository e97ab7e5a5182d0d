import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { keys, startPty } from '../helpers/pty.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const cli = (args = '') => `${process.execPath} ${binPath} ${args}`;

describe('the questionnaire on a terminal', () => {
  it("asks who is on the other end right after the direction, and departs from the article out loud", async () => {
    const cwd = await tempDir();
    const pty = startPty(cli(), { cwd });
    await pty.waitFor('Which way does the data flow?');
    pty.send(keys.down + keys.enter);
    await pty.waitFor('Who is on the other end?');
    expect(pty.screen()).not.toContain('Peak messages per second');
    pty.send(keys.enter);
    await pty.waitFor('Peak messages per second');
    pty.send('5000' + keys.enter);
    await pty.waitFor('Anything else that applies?');
    pty.send(keys.enter);
    await pty.waitFor('Recommended: WebSocket');
    await pty.waitFor('Scaffold a starter now?');
    pty.send('n' + keys.enter);
    await pty.waitFor('When you are ready: npx choose-protocol init websocket');
    expect(await pty.exited).toBe(0);
    const screen = pty.screen().replace(/\s+/g, ' ');
    expect(screen).toContain("The article's tree says gRPC server streaming; for these answers we recommend WebSocket, because browsers cannot open native gRPC streams");
    expect(screen).toContain("gRPC server streaming (the article's answer): if both ends were your own services (--peer service)");
    expect(await readdir(cwd)).toEqual([]);
  });

  it("offers a public API as the third kind of peer, with one line of help each", async () => {
    const pty = startPty(cli('recommend --direction server-to-client --rate 20'), { cwd: await tempDir() });
    await pty.waitFor('Who is on the other end?');
    pty.send(keys.down + keys.down);
    await pty.waitFor("other developers' programs, in any language");
    pty.send(keys.enter);
    await pty.waitFor('Recommended: Server-Sent Events');
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).toContain('A public API');
  });

  it('lists the questions beyond the article in its checklist, and a ticked one can depart out loud', async () => {
    const cwd = await tempDir();
    const pty = startPty(cli('--direction server-to-client --peer public --rate 5'), { cwd });
    await pty.waitFor('Anything else that applies?');
    for (const label of ['take HTTP requests at their own URL', 'generated code on every client', 'agent protocol (MCP, A2A)', 'state they already GET']) {
      await pty.waitFor(label);
    }
    // Apps on devices are a question about your own services' clients only.
    expect(pty.screen()).not.toContain("people's devices");
    // The fifth item: the consumers can take webhooks.
    pty.send(keys.down.repeat(4) + keys.space + keys.enter);
    await pty.waitFor('Recommended: Webhooks');
    await pty.waitFor('Scaffold a starter now?');
    pty.send('n' + keys.enter);
    await pty.waitFor('When you are ready: npx choose-protocol init http');
    expect(await pty.exited).toBe(0);
    expect(pty.screen().replace(/\s+/g, ' ')).toContain("The article's tree says Server-Sent Events; for these answers we recommend Webhooks");
    expect(await readdir(cwd)).toEqual([]);
  });

  it("asks about apps on people's devices when the clients are your own services, and departs to WebSocket for them", async () => {
    const cwd = await tempDir();
    const pty = startPty(cli('--direction server-to-client --peer service --rate 1'), { cwd });
    await pty.waitFor('Anything else that applies?');
    await pty.waitFor("apps on people's devices");
    // The ninth and last item.
    pty.send(keys.down.repeat(8) + keys.space + keys.enter);
    await pty.waitFor('Recommended: WebSocket');
    await pty.waitFor('Scaffold a starter now?');
    pty.send('n' + keys.enter);
    await pty.waitFor('When you are ready: npx choose-protocol init websocket');
    expect(await pty.exited).toBe(0);
    expect(pty.screen().replace(/\s+/g, ' ')).toContain("The article's tree says Server-Sent Events; for these answers we recommend WebSocket, because your clients are your own apps on people's devices");
    expect(await readdir(cwd)).toEqual([]);
  });

  it('asks the rate on a two-way path too, where a rule reads it, so a ticked strict proxy can depart', async () => {
    const cwd = await tempDir();
    const pty = startPty(cli(), { cwd });
    await pty.waitFor('Which way does the data flow?');
    pty.send(keys.enter);
    await pty.waitFor('Who is on the other end?');
    pty.send(keys.enter);
    await pty.waitFor('Peak messages per second');
    pty.send('5' + keys.enter);
    await pty.waitFor('Anything else that applies?');
    // The second item: strict proxies.
    pty.send(keys.down + keys.space + keys.enter);
    await pty.waitFor('Recommended: Server-Sent Events');
    await pty.waitFor('Scaffold a starter now?');
    pty.send('n' + keys.enter);
    expect(await pty.exited).toBe(0);
    expect(pty.screen().replace(/\s+/g, ' ')).toContain("The article's tree says WebSocket; for these answers we recommend Server-Sent Events");
    expect(await readdir(cwd)).toEqual([]);
  });

  it('does not ask the rate when only the client sends: no rule reads it there', async () => {
    const pty = startPty(cli(), { cwd: await tempDir() });
    await pty.waitFor('Which way does the data flow?');
    pty.send(keys.down + keys.down + keys.enter);
    await pty.waitFor('Who is on the other end?');
    pty.send(keys.enter);
    await pty.waitFor('Anything else that applies?');
    pty.send(keys.enter);
    await pty.waitFor('Scaffold a starter now?');
    pty.send('n' + keys.enter);
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).not.toContain('Peak messages per second');
    expect(pty.screen()).toContain('Recommended: HTTP POST/PUT');
  });

  it('prints "Cancelled." and exits 130 on Ctrl-C, writing nothing', async () => {
    const cwd = await tempDir();
    const pty = startPty(cli(), { cwd });
    await pty.waitFor('Which way does the data flow?');
    pty.send(keys.ctrlC);
    await pty.waitFor('Cancelled.');
    expect(await pty.exited).toBe(130);
    expect(pty.screen()).not.toMatch(/\n\s+at /);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('asks recommend only what is missing', async () => {
    const pty = startPty(cli('recommend --direction bidirectional'), { cwd: await tempDir() });
    await pty.waitFor('Who is on the other end?');
    pty.send(keys.enter);
    await pty.waitFor('Recommended: WebSocket');
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).not.toContain('Which way does the data flow?');
    expect(pty.screen()).not.toContain('Anything else that applies?');
  });

  it('hands over to init: scaffolds the recommended starter where the user says', async () => {
    const cwd = await tempDir();
    const pty = startPty(cli(), { cwd });
    await pty.waitFor('Which way does the data flow?');
    pty.send(keys.enter);
    await pty.waitFor('Who is on the other end?');
    pty.send(keys.enter);
    await pty.waitFor('Peak messages per second');
    pty.send(keys.enter);
    await pty.waitFor('Anything else that applies?');
    pty.send(keys.enter);
    await pty.waitFor('Scaffold a starter now?');
    pty.send(keys.enter);
    await pty.waitFor('Where should the project go?');
    pty.send('team chat' + keys.enter);
    await pty.waitFor('is not a valid npm package name');
    pty.send(keys.enter);
    await pty.waitFor('Install dependencies with npm?');
    pty.send('n' + keys.enter);
    await pty.waitFor('Create a git repository');
    pty.send('n' + keys.enter);
    await pty.waitFor('cd "team chat" && npm install && npm test && npm start');
    expect(await pty.exited).toBe(0);
    const pkg = JSON.parse(await readFile(join(cwd, 'team chat', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('team-chat');
  });
});

describe('init on a terminal', () => {
  it('asks before touching a non-empty folder, and "Cancel" is the default', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'app'));
    await writeFile(join(cwd, 'app', 'package.json'), '{"mine":true}\n');
    const pty = startPty(cli('init websocket app'), { cwd });
    await pty.waitFor('app is not empty (package.json). What now?');
    pty.send(keys.enter);
    await pty.waitFor('Cancelled: nothing was written.');
    expect(await pty.exited).toBe(130);
    expect(await readdir(join(cwd, 'app'))).toEqual(['package.json']);
    expect(await readFile(join(cwd, 'app', 'package.json'), 'utf8')).toBe('{"mine":true}\n');
  });
});
