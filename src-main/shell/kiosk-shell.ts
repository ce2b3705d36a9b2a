// The kiosk shell's wiring: one full-screen window on the kiosk core's URL, locked to that
// origin, with no devtools, sandboxed, kept awake, and recovering by itself from renderer
// crashes and hangs. It imports nothing of the core: the core is a separate Node service
// and this window is only its screen. The decisions live in origin-policy.ts and
// recovery-policy.ts; this file connects them to Electron's events.
import { app, BrowserWindow, Menu, powerSaveBlocker, session, type WebContents } from 'electron';
import { navigationAllowed, requestAllowed } from './origin-policy.js';
import { loadRetryDelayMs, RecoveryPolicy, UNRESPONSIVE_GRACE_MS } from './recovery-policy.js';
import { loadShellConfig, type ShellConfig } from './shell-config.js';

function log(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), level, module: 'shell', event, ...fields })}\n`);
}

/** Only the origin of a blocked URL is logged: paths and queries may carry identifiers. */
function originForLog(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid-url';
  }
}

function lockDownContents(contents: WebContents, origin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    log('warn', 'window_open_denied', { origin: originForLog(url) });
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string): void => {
    if (navigationAllowed(url, origin)) return;
    event.preventDefault();
    log('warn', 'navigation_blocked', { origin: originForLog(url) });
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Devtools are disabled in webPreferences; this closes them should anything open them.
  contents.on('devtools-opened', () => contents.closeDevTools());
}

function lockDownSession(origin: string): void {
  const ses = session.defaultSession;
  // Camera, microphone, notifications, geolocation…: a kiosk screen needs none of them.
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log('warn', 'permission_denied', { permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = requestAllowed(details.url, origin);
    if (!allowed) log('warn', 'request_blocked', { origin: originForLog(details.url), type: details.resourceType });
    callback({ cancel: !allowed });
  });
}

function createKioskWindow(config: ShellConfig): BrowserWindow {
  const url = config.coreUrl.href;
  const win = new BrowserWindow({
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());

  const policy = new RecoveryPolicy();
  let loadAttempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let hangTimer: NodeJS.Timeout | null = null;

  const load = (): void => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    win.loadURL(url).catch((err: unknown) => {
      // Failures are handled by did-fail-load below; this only keeps the promise observed.
      log('warn', 'load_rejected', { error: err instanceof Error ? err.message : String(err) });
    });
  };

  const recover = (reason: string): void => {
    const action = policy.recordFailure(Date.now());
    log('error', 'renderer_failed', { reason, action });
    if (action === 'relaunch') {
      app.relaunch();
      app.exit(0);
      return;
    }
    load();
  };

  const contents = win.webContents;
  contents.on('did-finish-load', () => {
    loadAttempt = 0;
  });
  contents.on('did-fail-load', (_event, errorCode, errorDescription, _validatedUrl, isMainFrame) => {
    // Code -3 is an aborted load (e.g. superseded by another navigation): not a failure.
    if (!isMainFrame || errorCode === -3) return;
    const delay = loadRetryDelayMs(loadAttempt);
    loadAttempt += 1;
    log('warn', 'load_failed', { code: errorCode, description: errorDescription, retry_ms: delay });
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(load, delay);
  });
  contents.on('render-process-gone', (_event, details) => recover(`render_process_${details.reason}`));
  win.on('unresponsive', () => {
    if (hangTimer) return;
    log('warn', 'renderer_unresponsive', { grace_ms: UNRESPONSIVE_GRACE_MS });
    hangTimer = setTimeout(() => {
      hangTimer = null;
      recover('unresponsive');
    }, UNRESPONSIVE_GRACE_MS);
  });
  win.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
    hangTimer = null;
  });
  win.on('closed', () => {
    if (retryTimer) clearTimeout(retryTimer);
    if (hangTimer) clearTimeout(hangTimer);
  });

  load();
  return win;
}

export function runShell(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): void {
  let config: ShellConfig;
  try {
    config = loadShellConfig(argv, env);
  } catch (err) {
    log('error', 'config_invalid', { error: err instanceof Error ? err.message : String(err) });
    app.exit(2);
    return;
  }
  if (!app.requestSingleInstanceLock()) {
    log('warn', 'already_running');
    app.quit();
    return;
  }
  const origin = config.coreUrl.origin;
  // No menu means no accelerators either: no Ctrl+R, no devtools shortcut, no zoom keys.
  Menu.setApplicationMenu(null);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, origin));
  app.on('child-process-gone', (_event, details) => log('warn', 'child_process_gone', { type: details.type, reason: details.reason }));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    lockDownSession(origin);
    const blocker = powerSaveBlocker.start('prevent-display-sleep');
    app.on('will-quit', () => powerSaveBlocker.stop(blocker));
    createKioskWindow(config);
    log('info', 'shell_started', { core: origin });
  });
}

