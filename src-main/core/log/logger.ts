// Structured JSON-lines logger, one named logger per module. Identifiers (visitor IDs,
// addresses, keys, codes, tokens) are redacted before anything is written: logs on a Pi
// end up in journald, which is kept and sometimes shared when asking for help.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type LogFn = (event: string, fields?: LogFields) => void;
/**
 * A module's log function: the level is chosen where the event happens (a failed write is
 * an error, a skipped purge is info), so journald can filter on it.
 */
export type LeveledLogFn = (event: string, fields?: LogFields, level?: LogLevel) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(module: string): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const REDACTED_KEYS = /(^id$|visitor|address|mac|key|code|token|secret|password|signature|rpi)/i;
// Hex runs of 12+ bytes look like IDs or keys; MAC-like strings are addresses.
const HEX_RUN = /\b[0-9A-Fa-f]{24,}\b/g;
const MAC_LIKE = /\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b/g;

export function redact(value: unknown, key = ''): unknown {
  if (key && REDACTED_KEYS.test(key) && value !== null && value !== undefined && typeof value !== 'boolean' && typeof value !== 'number') {
    return '[redacted]';
  }
  if (typeof value === 'string') return value.replace(HEX_RUN, '[hex]').replace(MAC_LIKE, '[mac]');
  if (value instanceof Error) return { name: value.name, message: redact(value.message), code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
}

export function createLogger(module: string, options: LoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (LEVELS[level] < min) return;
    const record = { t: new Date().toISOString(), level, module, event, ...(redact(fields) as LogFields) };
    write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (sub) => createLogger(`${module}.${sub}`, options),
  };
}

/** A leveled log function over a named logger (info unless the call site says otherwise). */
export function leveled(logger: Logger): LeveledLogFn {
  return (event, fields, level = 'info') => logger[level](event, fields);
}
