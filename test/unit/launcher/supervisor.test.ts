import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { Supervisor, type ChildExit, type SpawnFn } from '../../../src-main/launcher/supervisor.js';
import type { ChildCommand } from '../../../src-main/launcher/child-commands.js';

class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: string[] = [];
  constructor(
    readonly name: string,
    private readonly log: string[],
    private readonly ignoresTerm = false,
  ) {
    super();
  }
  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    this.log.push(`${this.name}:${signal}`);
    if (signal === 'SIGKILL' || !this.ignoresTerm) setImmediate(() => this.exit(null, signal));
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.stdout.end();
    this.stderr.end();
    this.emit('exit', code, signal);
  }
}

function harness(opts: { ignoresTerm?: string[] } = {}) {
  const log: string[] = [];
  const children = new Map<string, FakeChild>();
  let output = '';
  const timers: (() => void)[] = [];
  const spawn: SpawnFn = (command) => {
    const child = new FakeChild(command, log, opts.ignoresTerm?.includes(command));
    children.set(command, child);
    return child as unknown as ChildProcess;
  };
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      output += chunk.toString();
      cb();
    },
  });
  const supervisor = new Supervisor({
    spawn,
    out,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => undefined,
  });
  const cmd = (name: string): ChildCommand => ({ name, command: name, args: [], env: {}, cwd: '/' });
  return { supervisor, children, log, cmd, output: () => output, fireTimers: () => timers.splice(0).forEach((f) => f()) };
}

describe('Supervisor', () => {
  it('prefixes child output lines with the child name', async () => {
    const h = harness();
    h.supervisor.start(h.cmd('core'));
    h.children.get('core')!.stdout.write('hello\nwor');
    h.children.get('core')!.stdout.write('ld\n');
    await new Promise((r) => setImmediate(r));
    expect(h.output()).toBe('[core] hello\n[core] world\n');
  });

  it('reports a child that exits on its own', async () => {
    const h = harness();
    const exits: ChildExit[] = [];
    h.supervisor.onUnexpectedExit((e) => exits.push(e));
    h.supervisor.start(h.cmd('server'));
    h.children.get('server')!.exit(3);
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([{ name: 'server', code: 3, signal: null }]);
  });

  it('stops children newest first and does not report those exits', async () => {
    const h = harness();
    const exits: ChildExit[] = [];
    h.supervisor.onUnexpectedExit((e) => exits.push(e));
    for (const name of ['server', 'core', 'window']) h.supervisor.start(h.cmd(name));
    await h.supervisor.stopAll();
    expect(h.log).toEqual(['window:SIGTERM', 'core:SIGTERM', 'server:SIGTERM']);
    expect(exits).toEqual([]);
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const h = harness({ ignoresTerm: ['core'] });
    h.supervisor.start(h.cmd('core'));
    const stopped = h.supervisor.stopAll(1000);
    await new Promise((r) => setImmediate(r));
    expect(h.log).toEqual(['core:SIGTERM']);
    h.fireTimers();
    await stopped;
    expect(h.log).toEqual(['core:SIGTERM', 'core:SIGKILL']);
  });

  it('runs a command to completion, returning stdout, or failing with its stderr', async () => {
    const h = harness();
    const ok = h.supervisor.run(h.cmd('setup'));
    const child = h.children.get('setup')!;
    child.stdout.write('{"venue_id":"v"}\n');
    await new Promise((r) => setImmediate(r));
    child.exit(0);
    await expect(ok).resolves.toBe('{"venue_id":"v"}\n');

    const bad = h.supervisor.run(h.cmd('broken'));
    const b = h.children.get('broken')!;
    b.stderr.write('database locked\n');
    await new Promise((r) => setImmediate(r));
    b.exit(2);
    await expect(bad).rejects.toMatchObject({ code: 'child_exited', message: expect.stringContaining('database locked') });
  });

  it('treats a binary that cannot start as exit code 127', async () => {
    const h = harness();
    const exits: ChildExit[] = [];
    h.supervisor.onUnexpectedExit((e) => exits.push(e));
    h.supervisor.start(h.cmd('window'));
    h.children.get('window')!.emit('error', new Error('spawn ENOENT'));
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([{ name: 'window', code: 127, signal: null }]);
    expect(h.output()).toContain('failed to start: spawn ENOENT');
  });
});
