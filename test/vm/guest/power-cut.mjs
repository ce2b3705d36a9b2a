// Power-cut test, inside the guest (node power-cut.mjs APP_DIR DB_PATH DURABILITY
// LAST_COMMIT LAST_SEAL). First checks the store as the previous power cut left it:
// every flush the host saw reported committed (LAST_COMMIT, from the serial console) is
// there, the integrity check passes, and the outbox is consistent with the sealed rows.
// Then ingests through the kiosk store until the host kills the emulator, printing
// "BZPC-COMMIT <seq>" after each committed flush and "BZPC-SEAL <n>" after each seal,
// straight to the serial port.
import { execFileSync } from 'node:child_process';
import { openSync, writeSync } from 'node:fs';

const [appDir, dbPath, durability, lastCommitArg, lastSealArg] = process.argv.slice(2);
const { openKioskStore } = await import(`${appDir}/dist/src-main/core/store/kiosk-store.js`);
const Database = (await import(`${appDir}/node_modules/better-sqlite3/lib/index.js`)).default;
const tty = openSync(process.env.BZPC_TTY ?? '/dev/ttyS0', 'w');
const say = (line) => writeSync(tty, `${line}\r\n`);

const PER_FLUSH = 20;
const SEAL_EVERY = 10;
const vid = (seq, i) => (seq * 100 + i).toString(16).padStart(32, '0');
const seqOf = (id) => Math.floor(parseInt(id, 16) / 100);

// ---- check what the last cut left
const lastCommit = Number(lastCommitArg);
const lastSeal = Number(lastSealArg);
let nextSeq = 1;
let seals = 0;
{
  const db = new Database(dbPath, { fileMustExist: false });
  const tables = db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'encounters'").get().n;
  if (tables === 0 && lastCommit === 0) {
    say('BZPC-CHECK fresh');
  } else if (tables === 0) {
    // The file itself did not survive: everything the host saw committed is lost.
    say(
      `BZPC-CHECK durability=${durability} integrity=no_database host_last_commit=${lastCommit} max_seq=0 ` +
        `missing_committed=${lastCommit} partial_flushes=0 lost_after_commit=${lastCommit} outbox_batches=0 ` +
        `host_last_seal=${lastSeal} outbox=BAD`,
    );
  } else {
    const integrity = db.pragma('integrity_check', { simple: true });
    const rows = db.prepare('SELECT visitor_id, sealed FROM encounters').all();
    const perSeq = new Map();
    for (const r of rows) perSeq.set(seqOf(r.visitor_id), (perSeq.get(seqOf(r.visitor_id)) ?? 0) + 1);
    const maxSeq = Math.max(0, ...perSeq.keys());
    let missing = 0;
    let partial = 0;
    for (let s = 1; s <= lastCommit; s += 1) if (!perSeq.has(s)) missing += 1;
    for (const n of perSeq.values()) if (n !== PER_FLUSH) partial += 1;
    // Outbox: no acks happen here, so the sealed rows are exactly those in batch bodies.
    const batches = db.prepare('SELECT body FROM outbox ORDER BY seq').all();
    const inBatches = new Set();
    let badBody = 0;
    for (const b of batches) {
      try {
        for (const e of JSON.parse(b.body).encounters) inBatches.add(e.visitor_id);
      } catch {
        badBody += 1;
      }
    }
    const sealed = rows.filter((r) => r.sealed === 1).map((r) => r.visitor_id);
    const sealedNotInBatch = sealed.filter((id) => !inBatches.has(id)).length;
    const sealedSet = new Set(sealed);
    const batchedNotSealed = [...inBatches].filter((id) => !sealedSet.has(id)).length;
    const outboxOk = badBody === 0 && sealedNotInBatch === 0 && batchedNotSealed === 0 && batches.length >= lastSeal;
    say(
      `BZPC-CHECK durability=${durability} integrity=${integrity} host_last_commit=${lastCommit} max_seq=${maxSeq} ` +
        `missing_committed=${missing} partial_flushes=${partial} lost_after_commit=${Math.max(0, lastCommit - maxSeq)} ` +
        `outbox_batches=${batches.length} host_last_seal=${lastSeal} sealed_not_in_batch=${sealedNotInBatch} ` +
        `batched_not_sealed=${batchedNotSealed} bad_bodies=${badBody} outbox=${outboxOk ? 'ok' : 'BAD'}`,
    );
    nextSeq = maxSeq + 1;
    seals = batches.length;
  }
  db.close();
}

// ---- ingest until the power goes
const clock = { now: () => Date.now(), synced: () => true };
const store = openKioskStore({ path: dbPath, durability, clock });
// The file, its schema and what survived are on disk before ingest starts, so a cut
// measures only the flushes of this run (otherwise NORMAL can lose the whole new file).
execFileSync('sync');
say(`BZPC-READY next_seq=${nextSeq}`);
const heartbeat = () => ({ version: 'vm', radio_state: 'scanning', clock_synced: true, queue_depth: 0, free_disk_mb: 100, sent_at: Date.now() });
for (let seq = nextSeq; ; seq += 1) {
  const now = Date.now();
  const slot = Math.floor(now / 900_000);
  const encounters = Array.from({ length: PER_FLUSH }, (_, i) => ({
    slot,
    visitorId: vid(seq, i),
    trusted: true,
    protocol: 'bluezone_android',
    firstSeen: now - 1000,
    lastSeen: now,
    count: 3,
    rssiMax: -60,
    rssiMedian: -70,
    distance: 'near',
    checkedIn: false,
  }));
  store.applyFlush({ encounters, attendance: [] });
  say(`BZPC-COMMIT ${seq}`);
  if (seq % SEAL_EVERY === 0) {
    seals += store.sealBatches(now, heartbeat());
    say(`BZPC-SEAL ${seals}`);
  }
}
