// Key/value settings: enrollment state, kiosk id, keys. Values are opaque strings.
import type { Database, Statement } from 'better-sqlite3';
import { StoreError } from './store-error.js';

export interface Settings {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export class SettingsRepository implements Settings {
  private readonly getStmt: Statement<[string], { v: string }>;
  private readonly setStmt: Statement<[string, string]>;
  private readonly delStmt: Statement<[string]>;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT v FROM settings WHERE k = ?');
    this.setStmt = db.prepare('INSERT INTO settings (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    this.delStmt = db.prepare('DELETE FROM settings WHERE k = ?');
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key)?.v;
  }

  set(key: string, value: string): void {
    if (typeof key !== 'string' || key.length === 0 || typeof value !== 'string') {
      throw new StoreError('invalid_argument', 'settings keys and values are non-empty strings', { key });
    }
    this.setStmt.run(key, value);
  }

  delete(key: string): void {
    this.delStmt.run(key);
  }
}
