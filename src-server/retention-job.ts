// Runs the retention purge at start and then hourly (docs/architecture.md §4).
import type { FastifyBaseLogger } from 'fastify';
import type { Services } from './services.js';

export const PURGE_INTERVAL_MS = 60 * 60_000;

export function startRetentionJob(s: Services, log: FastifyBaseLogger): { stop(): void; done: Promise<void> } {
  const run = async () => {
    try {
      const r = await s.retention.purge(s.now(), s.config.retentionDays, s.config.auditRetentionDays);
      log.info({ purge: r }, 'retention purge done');
    } catch (err) {
      log.error({ err }, 'retention purge failed; will retry next hour');
    }
  };
  const done = run();
  const timer = setInterval(() => void run(), PURGE_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), done };
}
