// Runs the launcher's child processes: prefixes their output, reports the first unexpected
// exit, and stops them all (newest first, SIGTERM then SIGKILL) on shutdown.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ChildCommand } from './child-commands.js';
import { LauncherError } from './launcher-error.js';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface SupervisorDeps {
  spawn: SpawnFn;
  out: Writable;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ChildExit {
  readonly name: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<ChildExit>;
  done: boolean;
}

/** Grace period between SIGTERM and SIGKILL: enough for SQLite to commit and close. */
export const STOP_GRACE_MS = 8_000;

function prefixLines(stream: Readable | null, prefix: string, out: Writable): void {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix} ${line}\n`);
  });
  stream.on('end', () => {
    if (partial !== '') out.write(`${prefix} ${partial}\n`);
    partial = '';
  });
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `${exit.name} was killed by ${exit.signal}` : `${exit.name} exited with code ${exit.code}`;
}

export class Supervisor {
  readonly #deps: SupervisorDeps;
  readonly #running: Running[] = [];
  #stopping = false;
  #onUnexpected: ((exit: ChildExit) => void) | null = null;

  constructor(deps: SupervisorDeps) {
    this.#deps = deps;
  }

  /** Called once per child that exits while the supervisor is not stopping. */
  onUnexpectedExit(listener: (exit: ChildExit) => void): void {
    this.#onUnexpected = listener;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts a long-running child; its output is shown with a `[name]` prefix. */
  start(cmd: ChildCommand): void {
    const running = this.#spawn(cmd, 'inherit-prefixed');
    void running.exited.then((exit) => {
      if (!this.#stopping) this.#onUnexpected?.(exit);
    });
  }

  /** Runs a child to completion and returns its stdout; non-zero exit is an error carrying its stderr. */
  async run(cmd: ChildCommand): Promise<string> {
    let stdout = '';
    let stderr = '';
    const running = this.#spawn(cmd, 'capture');
    running.child.stdout?.setEncoding('utf8');
    running.child.stderr?.setEncoding('utf8');
    running.child.stdout?.on('data', (c: string) => (stdout += c));
    running.child.stderr?.on('data', (c: string) => (stderr += c));
    const exit = await running.exited;
    if (exit.code !== 0) {
      const tail = stderr.trim().split('\n').slice(-5).join('\n  ');
      // stdout is returned through the error too: a --json CLI reports its error there.
      throw Object.assign(new LauncherError('child_exited', `${describeExit(exit)}${tail ? `:\n  ${tail}` : ''}`), { stdout });
    }
    return stdout;
  }

  #spawn(cmd: ChildCommand, mode: 'inherit-prefixed' | 'capture'): Running {
    let child: ChildProcess;
    try {
      child = this.#deps.spawn(cmd.command, cmd.args, {
        cwd: cmd.cwd,
        env: cmd.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      throw new LauncherError('child_spawn_failed', `could not start ${cmd.name} (${cmd.command}): ${err instanceof Error ? err.message : String(err)}`);
    }
    if (mode === 'inherit-prefixed') {
      prefixLines(child.stdout, `[${cmd.name}]`, this.#deps.out);
      prefixLines(child.stderr, `[${cmd.name}]`, this.#deps.out);
    }
    const exited = new Promise<ChildExit>((resolve) => {
      // 'error' without 'exit' happens when the binary cannot be executed at all.
      child.once('error', (err) => {
        this.#deps.out.write(`[${cmd.name}] failed to start: ${err.message}\n`);
        resolve({ name: cmd.name, code: 127, signal: null });
      });
      child.once('exit', (code, signal) => resolve({ name: cmd.name, code, signal }));
    });
    const running: Running = { name: cmd.name, child, exited, done: false };
    void exited.then(() => {
      running.done = true;
    });
    this.#running.push(running);
    return running;
  }

  /** Stops every child, newest first (window, core, server), and waits for each to exit. */
  async stopAll(graceMs = STOP_GRACE_MS): Promise<void> {
    this.#stopping = true;
    for (const running of [...this.#running].reverse()) {
      if (running.done) continue;
      running.child.kill('SIGTERM');
      const timer = this.#deps.setTimeout(() => {
        if (!running.done) {
          this.#deps.out.write(`[launcher] ${running.name} did not stop in ${graceMs} ms, killing it\n`);
          running.child.kill('SIGKILL');
        }
      }, graceMs);
      await running.exited;
      this.#deps.clearTimeout(timer);
    }
  }
}
