// In-memory SlotKeyStore for tests and the simulator's throwaway runs (the kiosk persists
// keys in SQLite; see store/). Same contract: one key per slot, created once.
import type { SlotKeyStore } from '../ports.js';

export class MemorySlotKeyStore implements SlotKeyStore {
  private readonly keys = new Map<number, Uint8Array>();

  getOrCreate(slot: number, generate: () => Uint8Array): Uint8Array {
    let key = this.keys.get(slot);
    if (key === undefined) {
      key = generate();
      this.keys.set(slot, key);
    }
    return key;
  }

  range(fromSlot: number, toSlot: number): { slot: number; key: Uint8Array }[] {
    return [...this.keys.entries()]
      .filter(([slot]) => slot >= fromSlot && slot <= toSlot)
      .sort(([a], [b]) => a - b)
      .map(([slot, key]) => ({ slot, key }));
  }
}
