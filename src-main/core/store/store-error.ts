// Errors of the kiosk store, each with a stable snake_case code.

export type StoreErrorCode =
  | 'migrations_missing'
  | 'migrations_invalid'
  | 'schema_too_new'
  | 'migration_failed'
  | 'disk_full'
  | 'invalid_slot_key'
  | 'invalid_argument'
  | 'store_closed';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'StoreError';
  }
}

/** SQLite result codes that mean the disk (or the page budget) is full. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || (typeof code === 'string' && code.startsWith('SQLITE_FULL'));
}

/** SQLite result codes that mean the database file is damaged or not a database. */
export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}
