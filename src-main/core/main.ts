// Entry point of the kiosk core daemon (systemd on the Pi; `npm start` on a laptop).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadCoreConfig } from './config/config.js';
import { startKioskCore } from './kiosk-core.js';
import { createLogger } from './log/logger.js';
import { createServiceNotifier } from './service/sd-notify.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
  let config;
  try {
    config = loadCoreConfig(process.env, root, pkg.version);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger('core', { level: config.logLevel });
  const core = await startKioskCore(config, log);
  process.stdout.write(`kiosk core listening on ${core.url}\n`);
  const service = createServiceNotifier(process.env, (error) => log.warn('sd_notify_failed', { error }));
  service.ready(`listening on ${core.url}`);
  const shutdown = (signal: string) => {
    log.info('shutdown', { signal });
    service.stopping();
    core.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown_failed', { error: err });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`kiosk core failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
