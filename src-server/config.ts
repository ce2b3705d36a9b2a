// The key server's one validated configuration. process.env is read here and nowhere else;
// an invalid value stops start-up with a message naming the variable and what to fix.
import { join, resolve } from 'node:path';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../shared/domain/local-day.js';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** postgres://… selects PostgreSQL; otherwise SQLite at <dataDir>/key-server.sqlite. */
  readonly databaseUrl: string | null;
  readonly retentionDays: number;
  /** When set, published feed files are also written here for a static host/CDN. */
  readonly feedDir: string | null;
  /**
   * Folder of the feed's private signing keys, one 0600 file each in this 0700 folder
   * (BZ_FEED_KEY_DIR, default <dataDir>/feed-keys). null only for an in-memory data folder
   * without BZ_FEED_KEY_DIR: the keys then live in the process, like the database.
   */
  readonly feedKeyDir: string | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute per client (kiosk id, token or IP). */
  readonly rateLimitPerMinute: number;
  /** Login attempts per minute per IP. */
  readonly loginRateLimitPerMinute: number;
  readonly sessionTtlHours: number;
  /** Kiosks not heard from for longer than this are reported offline. */
  readonly offlineAfterMinutes: number;
  /** Longest time to receive a whole request, headers and body (slow clients are cut off). */
  readonly requestTimeoutMs: number;
  /** Longest silence on a connection before it is closed. */
  readonly idleTimeoutMs: number;
  /** Audit-log entries older than this are purged (explicitly longer than health data). */
  readonly auditRetentionDays: number;
  /** Admin password for `cli.js dev-setup` (BZ_DEV_ADMIN_PASSWORD; the environment, not argv, keeps it private). */
  readonly devAdminPassword: string | null;
  /** Built renderer folder holding console/index.html and assets/ (BZ_CONSOLE_DIR, default dist/renderer). */
  readonly consoleDir: string;
  /** IANA time zone of the local days that date filters name (BZ_TIME_ZONE, default Asia/Ho_Chi_Minh). */
  readonly timeZone: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid key-server configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name}=${JSON.stringify(raw)}: set it to an integer between ${min} and ${max}`);
    return def;
  }
  return Number(raw);
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): ServerConfig {
  const problems: string[] = [];
  const host = env.BZ_SERVER_HOST ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) problems.push(`BZ_SERVER_HOST=${JSON.stringify(host)}: set a host name or IP address`);
  const port = int(env, 'BZ_SERVER_PORT', 8788, 0, 65535, problems);
  const rawDataDir = env.BZ_SERVER_DATA_DIR ?? './data/server';
  const dataDir = resolve(rawDataDir);
  const rawUrl = env.DATABASE_URL;
  let databaseUrl: string | null = null;
  if (rawUrl !== undefined && rawUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(rawUrl)) problems.push('DATABASE_URL: must start with postgres:// (leave it unset for SQLite)');
    else databaseUrl = rawUrl;
  }
  const retentionDays = int(env, 'BZ_RETENTION_DAYS', 21, 1, 365, problems);
  const feedDir = env.BZ_FEED_DIR ? resolve(env.BZ_FEED_DIR) : null;
  const feedKeyDir = env.BZ_FEED_KEY_DIR ? resolve(env.BZ_FEED_KEY_DIR) : rawDataDir === ':memory:' ? null : join(dataDir, 'feed-keys');
  const level = env.BZ_LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level)) problems.push(`BZ_LOG_LEVEL=${JSON.stringify(level)}: use one of ${LEVELS.join(', ')}`);
  const rateLimitPerMinute = int(env, 'BZ_RATE_LIMIT_PER_MIN', 1200, 1, 10_000_000, problems);
  const loginRateLimitPerMinute = int(env, 'BZ_LOGIN_RATE_LIMIT_PER_MIN', 20, 1, 1_000_000, problems);
  const sessionTtlHours = int(env, 'BZ_SESSION_TTL_HOURS', 12, 1, 24 * 30, problems);
  const offlineAfterMinutes = int(env, 'BZ_OFFLINE_AFTER_MIN', 60, 1, 24 * 60 * 7, problems);
  const requestTimeoutMs = int(env, 'BZ_REQUEST_TIMEOUT_MS', 60_000, 100, 600_000, problems);
  const idleTimeoutMs = int(env, 'BZ_IDLE_TIMEOUT_MS', 30_000, 100, 600_000, problems);
  const auditRetentionDays = int(env, 'BZ_AUDIT_RETENTION_DAYS', 365, 30, 3650, problems);
  const devAdminPassword = env.BZ_DEV_ADMIN_PASSWORD ?? null;
  if (devAdminPassword !== null && (devAdminPassword.length < 10 || devAdminPassword.length > 256)) {
    problems.push('BZ_DEV_ADMIN_PASSWORD: use 10 to 256 characters');
  }
  const consoleDir = resolve(env.BZ_CONSOLE_DIR ?? './dist/renderer');
  const timeZone = env.BZ_TIME_ZONE ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) problems.push(`BZ_TIME_ZONE=${JSON.stringify(timeZone)}: set an IANA time zone such as Asia/Ho_Chi_Minh`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port,
    dataDir,
    databaseUrl,
    retentionDays,
    feedDir,
    feedKeyDir,
    logLevel: level as ServerConfig['logLevel'],
    rateLimitPerMinute,
    loginRateLimitPerMinute,
    sessionTtlHours,
    offlineAfterMinutes,
    requestTimeoutMs,
    idleTimeoutMs,
    auditRetentionDays,
    devAdminPassword,
    consoleDir,
    timeZone,
  };
}
