// Child process for the kill -9 test: heavy ingest through the real engine and store.
// It first reports the durability SQLite really runs with (`durability <normal|full>`),
// then after each flush (a committed transaction) writes `committed <n>` synchronously to
// stdout, so every number the parent reads is a promise that rows 0..n-1 were committed.
import { writeSync } from 'node:fs';
import { EncounterEngine } from '../../../../src-main/core/engine/encounter-engine.js';
import { openKioskStore } from '../../../../src-main/core/store/kiosk-store.js';

const [path, durability] = process.argv.slice(2);
if (!path) throw new Error('usage: crash-child <db path> [normal|full]');
const base = Date.UTC(2024, 2, 4, 10, 0, 0);
let now = base;
const clock = { now: () => now, synced: () => true };
const store = openKioskStore({ path, clock, durability: durability === 'normal' ? 'normal' : 'full' });
const engine = new EncounterEngine({ store, clock });
writeSync(1, `durability ${store.durability}\n`);
const already = store.encounters.count();
const heartbeat = { version: 'crash', radio_state: 'scanning' as const, clock_synced: true, queue_depth: 0, free_disk_mb: 1, sent_at: base };

let next = already;
for (let round = 0; ; round++) {
  for (let i = 0; i < 400; i++) {
    const id = (next + i).toString(16).toUpperCase().padStart(24, '0');
    engine.ingest({ id, protocol: 'bluezone_android', rssi: -60 - (i % 30), at: now, trusted: true });
  }
  next += 400;
  now += 1;
  engine.flush();
  // flush() never throws (it keeps rows pending on failure): only report what is written.
  if (engine.pending() !== 0) throw new Error('crash_child_flush_failed');
  writeSync(1, `committed ${next}\n`);
  if (round % 5 === 4) {
    store.sealBatches(now, heartbeat);
    const due = store.outbox.next(now);
    if (due && round % 10 === 9) store.outbox.ack(due.batchId);
  }
}
