// Read-only probes of the host for `doctor`, behind one small interface so tests can
// describe a machine. Every probe is bounded in time and never throws.
import { execFile } from 'node:child_process';
import { readdir, statfs } from 'node:fs/promises';

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SystemProbe {
  /** Entries of a directory, or null when it does not exist / cannot be read. */
  listDir(path: string): Promise<string[] | null>;
  /** Runs a command; null when it is not installed (ENOENT) or timed out. */
  exec(command: string, args: string[]): Promise<ExecResult | null>;
  /** Free bytes for unprivileged users on the filesystem of `path`, or null. */
  freeBytes(path: string): Promise<number | null>;
  readonly execPath: string;
  readonly uid: number | null;
}

export const hostProbe: SystemProbe = {
  async listDir(path) {
    try {
      return await readdir(path);
    } catch {
      return null; // absent directory = no such subsystem; the caller reports it
    }
  },
  exec(command, args) {
    return new Promise((resolve) => {
      execFile(command, args, { timeout: 4000, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
        if (error && error.killed) return resolve(null);
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  },
  async freeBytes(path) {
    try {
      const s = await statfs(path);
      return s.bavail * s.bsize;
    } catch {
      return null; // e.g. data dir not created yet; reported as unknown
    }
  },
  execPath: process.execPath,
  uid: typeof process.getuid === 'function' ? process.getuid() : null,
};
