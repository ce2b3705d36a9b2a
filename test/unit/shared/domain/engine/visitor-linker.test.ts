// The visitor estimate as staff see it during the day: phones that stay across a slot
// boundary must not be counted twice while their new IDs wait to be paired.
import { describe, expect, it } from 'vitest';
import { VisitorLinker } from '../../../../../shared/domain/engine/visitor-linker.js';
import { SLOT_MS } from '../../../../../shared/domain/slots.js';

/** 10:00 in Hà Nội (03:00 UTC), on a slot boundary. */
const START = Date.UTC(2026, 11, 1, 3, 0, 0);
const DAY = '2026-12-01';

interface Phone {
  readonly n: number;
  /** Offset of its 15 s on / 15 s off rhythm (ms). */
  readonly phase: number;
  readonly rssi: number;
  readonly from: number;
  readonly to: number;
}

/**
 * What the kiosk hears of Bluezone Android phones: 15 s on, 15 s off, one advert a second
 * while on, each phone on its own rhythm; the ID is the slot's at the moment advertising
 * (re)starts, so it changes up to 15 s after a boundary. Receptions in time order.
 */
function receptions(phones: readonly Phone[]): Array<{ id: string; rssi: number; at: number }> {
  const out: Array<{ id: string; rssi: number; at: number }> = [];
  for (const p of phones) {
    for (let burst = p.from - ((((p.from - p.phase) % 30_000) + 30_000) % 30_000); burst < p.to; burst += 30_000) {
      const id = `phone${p.n}-slot${Math.floor(burst / SLOT_MS)}`;
      for (let at = burst; at < burst + 15_000; at += 1_000) if (at >= p.from && at < p.to) out.push({ id, rssi: p.rssi, at });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function phones(count: number, from: number, to: number, first = 0): Phone[] {
  return Array.from({ length: count }, (_, i) => ({ n: first + i, phase: ((first + i) * 7_919) % 30_000, rssi: -50 - (((first + i) * 13) % 35), from, to }));
}

/** Feeds the receptions, ticking every 10 s; `look(at)` is called at each tick. */
function run(linker: VisitorLinker, present: readonly Phone[], from: number, to: number, look: (at: number) => void): void {
  const heard = receptions(present);
  let i = 0;
  for (let at = from; at < to; at += 10_000) {
    for (; i < heard.length && heard[i]!.at < at; i++) linker.observe('bluezone_android', heard[i]!.id, heard[i]!.rssi, heard[i]!.at);
    linker.tick(at);
    look(at);
  }
}

describe('live visitor estimate across slot boundaries', () => {
  it('keeps "today" at the phones present while their rotated IDs wait to be paired', () => {
    const linker = new VisitorLinker();
    const staying = phones(40, START - 60_000, START + 2 * SLOT_MS);
    const seen: number[] = [];
    // Three boundaries (10:00 is the first heard), each with 40 IDs waiting five minutes.
    run(linker, staying, START - 60_000, START + 2 * SLOT_MS - 30_000, (at) => {
      if (at >= START) seen.push(linker.estimate(DAY).uniqueVisitors);
    });
    expect({ min: Math.min(...seen), max: Math.max(...seen) }).toEqual({ min: 40, max: 40 });
    linker.tick(START + 3 * SLOT_MS);
    expect(linker.estimate(DAY).uniqueVisitors).toBe(40);
  });

  it('still counts phones that arrive just after a boundary while others left before it', () => {
    const linker = new VisitorLinker();
    const boundary = START + SLOT_MS;
    // Everyone here since 9:55 (a phone arriving within seconds of a boundary may still send
    // the old slot's ID: not this test's case).
    const stay = phones(20, START - 5 * 60_000, boundary + 10 * 60_000);
    // Ten leave a minute before the boundary; ten others arrive a minute and a half after.
    const leave = phones(10, START - 5 * 60_000, boundary - 60_000, 100);
    const arrive = phones(10, boundary + 90_000, boundary + 10 * 60_000, 200);
    let during = 0;
    run(linker, [...stay, ...leave, ...arrive], START - 5 * 60_000, boundary + 10 * 60_000, (at) => {
      if (at === boundary + 3 * 60_000) during = linker.estimate(DAY).uniqueVisitors;
    });
    // Before the pairing (three minutes after the boundary) and after it: 40 phones came.
    expect(during).toBe(40);
    linker.tick(boundary + 20 * 60_000);
    expect(linker.estimate(DAY).uniqueVisitors).toBe(40);
  });
});
