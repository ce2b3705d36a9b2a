// Starts the key server: validated config, database + migrations, retention job, listen;
// graceful shutdown on SIGINT/SIGTERM (stop accepting, finish requests, close the database).
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { buildApp } from './app.js';
import { startRetentionJob } from './retention-job.js';
import { feedKeyStoreFor } from './feed/feed-key-store.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // An older database's feed signing key is moved to its own file here (migration 008).
  await migrateToLatest(database, feedKeyStoreFor(config.feedKeyDir));
  const app = await buildApp({ config, database });
  const job = startRetentionJob(app.services, app.log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    job.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  // Uploads answered just before the last stop may have left their recompute undone.
  app.services.engine.queueAll();
  app.log.info({ database: database.dialect, console: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/console/` }, 'key server ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`key server failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
