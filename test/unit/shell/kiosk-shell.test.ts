// The shell's Electron wiring, run against a scripted stand-in for the electron module
// (its binary is not installed here): window options, origin lock, permissions, recovery.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventEmitter } from 'node:events';

interface FakeContents extends EventEmitter {
  openHandler?: (d: { url: string }) => { action: string };
  loads: string[];
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void;
  closeDevTools(): void;
}

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as { options: Record<string, unknown>; contents: unknown; emitter: unknown }[],
    relaunched: 0,
    exitCodes: [] as number[],
    quits: 0,
    menu: 'default' as unknown,
    blockers: [] as string[],
    permissionHandler: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    requestFilter: null as null | ((d: { url: string; resourceType: string }, cb: (r: { cancel: boolean }) => void) => void),
    singleInstance: true,
    appEmitter: null as unknown,
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const appEmitter = new Emitter() as EventEmitter & Record<string, unknown>;
  fake.appEmitter = appEmitter;
  const app = Object.assign(appEmitter, {
    requestSingleInstanceLock: () => fake.singleInstance,
    whenReady: () => Promise.resolve(),
    relaunch: () => void (fake.relaunched += 1),
    exit: (code: number) => void fake.exitCodes.push(code),
    quit: () => void (fake.quits += 1),
  });
  class BrowserWindow extends Emitter {
    readonly webContents: FakeContents;
    constructor(readonly options: Record<string, unknown>) {
      super();
      const contents = Object.assign(new Emitter(), {
        loads: [] as string[],
        setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
          contents.openHandler = h;
        },
        closeDevTools() {},
      }) as FakeContents;
      this.webContents = contents;
      fake.windows.push({ options, contents, emitter: this });
      appEmitter.emit('web-contents-created', {}, contents);
    }
    loadURL(url: string) {
      this.webContents.loads.push(url);
      return Promise.resolve();
    }
    show() {}
  }
  return {
    app,
    BrowserWindow,
    Menu: { setApplicationMenu: (m: unknown) => void (fake.menu = m) },
    powerSaveBlocker: {
      start: (type: string) => {
        fake.blockers.push(type);
        return 1;
      },
      stop: () => undefined,
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof fake.permissionHandler) => void (fake.permissionHandler = h),
        setPermissionCheckHandler: (h: typeof fake.permissionCheck) => void (fake.permissionCheck = h),
        webRequest: { onBeforeRequest: (h: typeof fake.requestFilter) => void (fake.requestFilter = h) },
      },
    },
  };
});

const { runShell } = await import('../../../src-main/shell/kiosk-shell.js');

function window0() {
  const w = fake.windows[0];
  if (!w) throw new Error('no window was created');
  return { options: w.options, contents: w.contents as FakeContents, win: w.emitter as EventEmitter };
}

beforeEach(() => {
  fake.windows.length = 0;
  fake.relaunched = 0;
  fake.exitCodes.length = 0;
  fake.blockers.length = 0;
  fake.singleInstance = true;
  (fake.appEmitter as EventEmitter).removeAllListeners();
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function start(argv: string[] = ['electron', '.'], env: Record<string, string> = {}) {
  runShell(argv, env);
  await new Promise((r) => setImmediate(r));
}

describe('kiosk shell', () => {
  it('opens one sandboxed, full-screen kiosk window on the core URL, without devtools or menu', async () => {
    await start(['electron', '.', '--core-url=http://127.0.0.1:9100']);
    expect(fake.windows).toHaveLength(1);
    const { options, contents } = window0();
    expect(options).toMatchObject({ fullscreen: true, kiosk: true });
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false, webviewTag: false });
    expect(contents.loads).toEqual(['http://127.0.0.1:9100/']);
    expect(fake.menu).toBeNull();
    expect(fake.blockers).toEqual(['prevent-display-sleep']);
  });

  it('blocks navigation, redirects and new windows off the core origin', async () => {
    await start();
    const { contents } = window0();
    const nav = (event: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      contents.emit(event, e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('will-navigate', 'http://127.0.0.1:8787/#/staff')).toBe(false);
    expect(nav('will-navigate', 'https://www.bluezone.gov.vn/')).toBe(true);
    expect(nav('will-redirect', 'http://evil.example/')).toBe(true);
    expect(contents.openHandler?.({ url: 'http://127.0.0.1:8787/' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('cancels off-origin requests and denies every permission', async () => {
    await start();
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      fake.requestFilter?.({ url, resourceType: 'font' }, (r) => (cancel = r.cancel));
      return cancel;
    };
    expect(verdict('http://127.0.0.1:8787/assets/a.woff2')).toBe(false);
    expect(verdict('https://fonts.gstatic.com/x.woff2')).toBe(true);
    const answers: boolean[] = [];
    fake.permissionHandler?.({}, 'media', (ok) => answers.push(ok));
    fake.permissionHandler?.({}, 'geolocation', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(fake.permissionCheck?.()).toBe(false);
  });

  it('reloads after a renderer crash, and relaunches the app when crashes repeat', async () => {
    await start();
    const { contents } = window0();
    for (let i = 0; i < 3; i += 1) contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(contents.loads).toHaveLength(4);
    expect(fake.relaunched).toBe(0);
    contents.emit('render-process-gone', {}, { reason: 'oom' });
    expect(fake.relaunched).toBe(1);
    expect(fake.exitCodes).toEqual([0]);
  });

  it('treats a page unresponsive past the grace period as a crash, but not one that recovers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await start();
    await vi.advanceTimersByTimeAsync(0);
    const { contents, win } = window0();
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(5_000);
    win.emit('responsive');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(contents.loads).toHaveLength(1);
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(contents.loads).toHaveLength(2);
  });

  it('retries a failed page load with back-off (core not up yet)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await start();
    await vi.advanceTimersByTimeAsync(0);
    const { contents } = window0();
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:8787/', true);
    await vi.advanceTimersByTimeAsync(999);
    expect(contents.loads).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(contents.loads).toHaveLength(2);
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'http://127.0.0.1:8787/', true);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(contents.loads).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(contents.loads).toHaveLength(3);
    // Sub-frame failures and aborted loads are not retried.
    contents.emit('did-fail-load', {}, -102, 'x', 'http://127.0.0.1:8787/', false);
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', 'http://127.0.0.1:8787/', true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(contents.loads).toHaveLength(3);
  });

  it('exits with code 2 on an invalid core URL, opening nothing', async () => {
    await start(['electron', '.', '--core-url=file:///etc/passwd']);
    expect(fake.exitCodes).toEqual([2]);
    expect(fake.windows).toHaveLength(0);
  });

  it('quits when another instance already runs', async () => {
    fake.singleInstance = false;
    const quitsBefore = fake.quits;
    await start();
    expect(fake.quits).toBe(quitsBefore + 1);
    expect(fake.windows).toHaveLength(0);
  });
});
