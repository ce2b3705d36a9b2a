// systemd's notify protocol for the core's Type=notify unit: READY=1 once the API listens,
// WATCHDOG=1 while the event loop runs, STOPPING=1 on shutdown. Node cannot send to a Unix
// datagram socket, so each message goes through `systemd-notify` (hence NotifyAccess=all in
// the unit). Outside systemd (no NOTIFY_SOCKET) every call does nothing.
import { execFile } from 'node:child_process';

export type NotifySender = (fields: readonly string[]) => Promise<void>;

export interface ServiceNotifier {
  ready(status: string): void;
  stopping(): void;
  dispose(): void;
}

export const sendWithSystemdNotify: NotifySender = (fields) =>
  new Promise((resolve, reject) => {
    execFile('systemd-notify', [...fields], { timeout: 10_000 }, (err) => (err ? reject(err) : resolve()));
  });

type Env = Readonly<Record<string, string | undefined>>;

export function createServiceNotifier(
  env: Env,
  onError: (error: unknown) => void,
  send: NotifySender = sendWithSystemdNotify,
  pid: number = process.pid,
): ServiceNotifier {
  if (!env['NOTIFY_SOCKET']) return { ready() {}, stopping() {}, dispose() {} };
  let failed = false;
  const post = (fields: string[]) => {
    send(fields).catch((error: unknown) => {
      // One report is enough: a missing systemd-notify fails every ping the same way.
      if (!failed) onError(error);
      failed = true;
    });
  };
  const usec = Number(env['WATCHDOG_USEC']);
  const forUs = env['WATCHDOG_PID'] === undefined || Number(env['WATCHDOG_PID']) === pid;
  let timer: NodeJS.Timeout | undefined;
  const startWatchdog = () => {
    if (!(usec > 0) || !forUs || timer) return;
    // Three pings per period: one late ping must not get the core killed.
    timer = setInterval(() => post(['WATCHDOG=1']), Math.max(1000, Math.floor(usec / 3000)));
    timer.unref();
  };
  return {
    ready(status) {
      post(['--ready', `--status=${status}`]);
      startWatchdog();
    },
    stopping() {
      if (timer) clearInterval(timer);
      timer = undefined;
      post(['STOPPING=1']);
    },
    dispose() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
