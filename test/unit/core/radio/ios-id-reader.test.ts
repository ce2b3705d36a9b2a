import { describe, expect, it } from 'vitest';
import { IosIdReader, type IosIdReaderOptions } from '../../../../src-main/core/radio/gatt/ios-id-reader.js';
import { RadioError } from '../../../../src-main/core/radio/radio-error.js';
import { SLOT_MS } from '../../../../shared/domain/slots.js';
import { toHex } from '../../../../shared/hex.js';

const OPTS: IosIdReaderOptions = { concurrency: 2, connectTimeoutMs: 1000, queueCap: 5, backoffBaseMs: 1000, backoffMaxMs: 8000 };
const id = (n: number) => new Uint8Array(12).fill(n);
const flush = () => new Promise((r) => setImmediate(r));

function setup(options = OPTS) {
  let now = 10 * SLOT_MS + 1000;
  const ids: { id: string; rssi: number }[] = [];
  const reads: ({ ok: true } | { ok: false; reason: string })[] = [];
  const reader = new IosIdReader(options, () => now, {
    onId: (v, rssi) => ids.push({ id: toHex(v), rssi }),
    onRead: (r) => reads.push(r),
  }, () => undefined);
  return { reader, ids, reads, setNow: (t: number) => (now = t), now: () => now };
}

/** A GATT read the test resolves by hand. */
function manual() {
  const calls: { resolve: (v: Uint8Array) => void; reject: (e: Error) => void }[] = [];
  const read = () => new Promise<Uint8Array>((resolve, reject) => calls.push({ resolve, reject }));
  return { read, calls };
}

describe('IosIdReader', () => {
  it('reads once per peripheral per slot and answers repeats from the cache', async () => {
    const { reader, ids, setNow, now } = setup();
    let n = 0;
    const read = async () => id(++n);
    expect(reader.offer('a', -60, read)).toBe('queued');
    await flush();
    expect(reader.offer('a', -55, read)).toBe('cached');
    expect(ids).toEqual([{ id: toHex(id(1)), rssi: -60 }, { id: toHex(id(1)), rssi: -55 }]);
    expect(n).toBe(1);
    // Next slot: the phone's ID has rotated, so the cache is dropped and it is read again.
    setNow(now() + SLOT_MS);
    expect(reader.offer('a', -50, read)).toBe('queued');
    await flush();
    expect(ids[2]).toEqual({ id: toHex(id(2)), rssi: -50 });
  });

  it('bounds concurrency, de-duplicates and caps the queue', async () => {
    const { reader } = setup();
    const m = manual();
    const results = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => reader.offer(k, -70, m.read));
    expect(results).toEqual(['queued', 'queued', 'queued', 'queued', 'queued', 'queued', 'queued', 'queue_full']);
    expect(reader.active).toBe(2);
    expect(reader.queueDepth).toBe(5);
    expect(reader.offer('c', -70, m.read)).toBe('pending');
    expect(reader.counters.queueFull).toBe(1);
    m.calls[0]!.resolve(id(1));
    await flush();
    expect(reader.active).toBe(2);
    expect(m.calls).toHaveLength(3);
  });

  it('rejects values that are not 12 bytes and backs off a failing peripheral', async () => {
    const { reader, reads, ids, setNow, now } = setup();
    expect(reader.offer('a', -60, async () => new Uint8Array(11))).toBe('queued');
    await flush();
    expect(reads).toEqual([{ ok: false, reason: 'gatt_bad_length' }]);
    expect(ids).toEqual([]);
    expect(reader.offer('a', -60, async () => id(1))).toBe('backoff');
    setNow(now() + 1001);
    expect(reader.offer('a', -60, async () => { throw new RadioError('gatt_timeout', 'x'); })).toBe('queued');
    await flush();
    // Second failure doubles the wait.
    setNow(now() + 1500);
    expect(reader.offer('a', -60, async () => id(1))).toBe('backoff');
    setNow(now() + 600);
    expect(reader.offer('a', -60, async () => id(1))).toBe('queued');
    await flush();
    expect(ids.map((x) => x.id)).toEqual([toHex(id(1))]);
  });

  it('times out a read that never settles', async () => {
    const { reader, reads } = setup({ ...OPTS, connectTimeoutMs: 10 });
    reader.offer('a', -60, () => new Promise<Uint8Array>(() => undefined));
    await new Promise((r) => setTimeout(r, 1100));
    expect(reads).toEqual([{ ok: false, reason: 'gatt_timeout' }]);
    expect(reader.active).toBe(0);
  });

  it('does not cache a read that straddled the slot boundary', async () => {
    const { reader, ids, setNow, now } = setup();
    const m = manual();
    reader.offer('a', -60, m.read);
    setNow(now() + SLOT_MS);
    m.calls[0]!.resolve(id(7));
    await flush();
    expect(ids).toHaveLength(1);
    expect(reader.offer('a', -60, m.read)).toBe('queued');
  });
});
