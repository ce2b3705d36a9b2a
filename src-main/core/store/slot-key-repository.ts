// SlotKeyStore on SQLite: the kiosk's independent random 32-byte key per UTC slot.
// getOrCreate is idempotent under races: the first key written for a slot wins and is
// the one returned, so the beacon never broadcasts an ID whose key is not stored.
import type { Database, Statement } from 'better-sqlite3';
import type { SlotKeyStore } from '../ports.js';
import { StoreError } from './store-error.js';

const KEY_BYTES = 32;

function assertSlot(slot: number): void {
  if (!Number.isSafeInteger(slot) || slot < 0) throw new StoreError('invalid_argument', 'slot must be a non-negative integer', { slot });
}

export class SlotKeyRepository implements SlotKeyStore {
  private readonly getStmt: Statement<[number], { key: Buffer }>;
  private readonly insertStmt: Statement<[number, Buffer]>;
  private readonly rangeStmt: Statement<[number, number], { slot: number; key: Buffer }>;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT key FROM slot_keys WHERE slot = ?');
    this.insertStmt = db.prepare('INSERT INTO slot_keys (slot, key) VALUES (?, ?) ON CONFLICT (slot) DO NOTHING');
    this.rangeStmt = db.prepare('SELECT slot, key FROM slot_keys WHERE slot BETWEEN ? AND ? ORDER BY slot');
  }

  getOrCreate(slot: number, generate: () => Uint8Array): Uint8Array {
    assertSlot(slot);
    const existing = this.getStmt.get(slot);
    if (existing) return new Uint8Array(existing.key);
    const key = generate();
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw new StoreError('invalid_slot_key', `slot keys are ${KEY_BYTES} bytes`, { slot });
    }
    this.insertStmt.run(slot, Buffer.from(key));
    const stored = this.getStmt.get(slot);
    if (!stored) throw new StoreError('invalid_slot_key', 'slot key vanished after insert', { slot });
    return new Uint8Array(stored.key);
  }

  range(fromSlot: number, toSlot: number): { slot: number; key: Uint8Array }[] {
    assertSlot(fromSlot);
    assertSlot(toSlot);
    return this.rangeStmt.all(fromSlot, toSlot).map((r) => ({ slot: r.slot, key: new Uint8Array(r.key) }));
  }
}
