// Turns an official's F0 submission (Bluezone InfoF / daily-key entries / data_trace.txt)
// into the rows the exposure engine matches on. All-or-nothing: any malformed key, any entry
// outside the case window, any history line that is malformed or later than now rejects the
// whole submission with every problem listed (line number + code). Valid history lines that
// cannot be used (outside the infectious window, or whose own ID is not the F0's) are
// reported with their reason, never dropped silently.
import { SLOT_MS, SLOTS_PER_DAY } from '../../shared/domain/slots.js';
import { entryFromInfoF, expandEntry, KeyFormatError, validateDailyKeyEntry, type DailyKeyEntry, type InfoF } from '../../shared/protocol/bluezone-infof.js';
import { parseTrace } from '../../shared/protocol/bluezone-trace.js';
import type { HistoryReport } from '../../shared/api/server-api.js';
import type { F0ContactRow, F0IdRow } from '../repositories/f0-repo.js';

export interface F0Submission {
  info_f?: InfoF | undefined;
  daily_keys?: DailyKeyEntry[] | undefined;
  history?: string | undefined;
}

export interface IntakeProblem {
  source: 'info_f' | 'daily_keys' | 'history';
  line?: number;
  index?: number;
  code: string;
  message: string;
}

export interface IntakeResult {
  ids: F0IdRow[];
  contacts: F0ContactRow[];
  historyRows: number;
  historyReport: HistoryReport | null;
  problems: IntakeProblem[];
  problemCount: number;
}

/**
 * Coarse distance class from the phone-side RSSI (docs/protocol.md §2.2, §1.4: no threshold
 * is applied on the phone, RSSI is noisy by tens of dB). Only the class is kept, never RSSI.
 */
export function distanceRankFromRssi(rssi: number): number {
  if (rssi >= -65) return 0;
  if (rssi >= -80) return 1;
  return 2;
}

const MAX_LISTED = 200;
/** History rows may be this far ahead of the server's clock (phones' clocks drift). */
export const FUTURE_ALLOWANCE_MS = 5 * 60_000;
/**
 * A key entry may start at most this many slots before the window: Bluezone phones keep 14
 * days of history and hand over the key of 14 days ago, and IDs are derived by hashing
 * forward slot by slot from time_start, so an older start is only work for the server.
 */
export const MAX_LEAD_SLOTS = 14 * SLOTS_PER_DAY;
/** Hash steps one submission may cost: ten entries each deriving 21 days. */
export const MAX_HASH_STEPS = 10 * 21 * SLOTS_PER_DAY;

/** Slots the server must hash forward to expand an entry up to the window's end. */
export function entryWork(e: DailyKeyEntry, toSlot: number): number {
  const startSlot = (e.time_start * 1000) / SLOT_MS;
  const endSlot = Math.min(Math.floor((e.time_end * 1000) / SLOT_MS), toSlot);
  return Math.max(0, endSlot - startSlot + 1);
}

function windowProblem(e: DailyKeyEntry, fromSlot: number, toSlot: number): { code: string; message: string } | null {
  const startSlot = (e.time_start * 1000) / SLOT_MS;
  const endSlot = Math.floor((e.time_end * 1000) / SLOT_MS);
  if (endSlot < fromSlot || startSlot > toSlot) return { code: 'entry_outside_window', message: 'the entry covers no slot of the infectious window' };
  if (startSlot < fromSlot - MAX_LEAD_SLOTS) {
    return { code: 'entry_too_early', message: 'time_start may be at most 14 days before the infectious window (phones keep 14 days)' };
  }
  return null;
}

export function processSubmission(sub: F0Submission, fromSlot: number, toSlot: number, nowMs: number): IntakeResult {
  const problems: IntakeProblem[] = [];
  let problemCount = 0;
  const note = (p: IntakeProblem) => {
    problemCount += 1;
    if (problems.length < MAX_LISTED) problems.push(p);
  };
  const entries: DailyKeyEntry[] = [];
  const windowEndS = ((toSlot + 1) * SLOT_MS) / 1000 - 1;
  const accept = (e: DailyKeyEntry, where: Pick<IntakeProblem, 'source' | 'index'>) => {
    const w = windowProblem(e, fromSlot, toSlot);
    if (w) note({ ...where, ...w });
    else entries.push(e);
  };
  if (sub.info_f) {
    try {
      accept(entryFromInfoF(sub.info_f, windowEndS), { source: 'info_f' });
    } catch (err) {
      if (!(err instanceof KeyFormatError)) throw err;
      note({ source: 'info_f', code: err.code, message: err.message });
    }
  }
  (sub.daily_keys ?? []).forEach((e, index) => {
    try {
      accept(validateDailyKeyEntry(e), { source: 'daily_keys', index });
    } catch (err) {
      if (!(err instanceof KeyFormatError)) throw err;
      note({ source: 'daily_keys', index, code: err.code, message: err.message });
    }
  });
  const work = entries.reduce((sum, e) => sum + entryWork(e, toSlot), 0);
  if (work > MAX_HASH_STEPS) {
    note({ source: 'daily_keys', code: 'submission_too_large', message: `the key entries need ${work} derivation steps, at most ${MAX_HASH_STEPS} per submission; send them in several submissions` });
  }

  // Keys are expanded only for a submission that will be accepted: refused work costs nothing.
  const ids = new Map<string, F0IdRow>();
  const keyIds = new Map<number, Set<string>>();
  if (problemCount === 0) {
    for (const e of entries) {
      for (const { slot, id } of expandEntry(e, fromSlot, toSlot)) {
        ids.set(`${slot}|${id}`, { slot, visitor_id: id });
        const set = keyIds.get(slot) ?? new Set<string>();
        set.add(id);
        keyIds.set(slot, set);
      }
    }
  }

  const contacts = new Map<string, F0ContactRow>();
  let historyRows = 0;
  let historyReport: HistoryReport | null = null;
  if (sub.history !== undefined) {
    const parsed = parseTrace(sub.history);
    for (const err of parsed.errors) note({ source: 'history', line: err.line, code: err.code, message: err.message });
    historyRows = parsed.rows.length;
    if (parsed.rows.length === 0 && parsed.errors.length === 0) {
      note({ source: 'history', code: 'history_empty', message: 'history file has no lines' });
    }
    const report: HistoryReport = { lines: parsed.rows.length, used: 0, ignored: { before_window: 0, after_window: 0, unknown_own_id: 0 }, ignored_lines: [] };
    const ignore = (line: number, reason: keyof HistoryReport['ignored']) => {
      report.ignored[reason] += 1;
      if (report.ignored_lines.length < MAX_LISTED) report.ignored_lines.push({ line, reason });
    };
    historyReport = report;
    for (const r of parsed.rows) {
      if (r.timeMs > nowMs + FUTURE_ALLOWANCE_MS) {
        note({ source: 'history', line: r.line, code: 'timestamp_in_future', message: `timestamp ${new Date(r.timeMs).toISOString()} is later than now` });
        continue;
      }
      const slot = Math.floor(r.timeMs / SLOT_MS);
      if (slot < fromSlot) {
        ignore(r.line, 'before_window');
        continue;
      }
      if (slot > toSlot) {
        ignore(r.line, 'after_window');
        continue;
      }
      // With keys, the own-ID column must be the F0's ID of that slot (the phone writes the ID
      // its clock gives); another ID means another phone or install: not this F0's contact.
      const known = keyIds.get(slot);
      if (known && !known.has(r.ownId)) {
        ignore(r.line, 'unknown_own_id');
        continue;
      }
      report.used += 1;
      // The first column is the F0's own broadcast ID at that time: usable even without keys.
      ids.set(`${slot}|${r.ownId}`, { slot, visitor_id: r.ownId });
      if (r.contactId === null) continue;
      const minute = Math.floor(r.timeMs / 60_000);
      const rank = distanceRankFromRssi(r.rssi);
      const key = `${r.contactId}|${slot}`;
      const c = contacts.get(key);
      if (c) {
        c.first_min = Math.min(c.first_min, minute);
        c.last_min = Math.max(c.last_min, minute);
        c.distance_rank = Math.min(c.distance_rank, rank);
      } else {
        contacts.set(key, { contact_id: r.contactId, slot, first_min: minute, last_min: minute, distance_rank: rank });
      }
    }
  }
  if (entries.length === 0 && sub.history === undefined && problemCount === 0) {
    note({ source: 'info_f', code: 'no_data', message: 'give info_f, daily_keys or history' });
  }
  return { ids: [...ids.values()], contacts: [...contacts.values()], historyRows, historyReport, problems, problemCount };
}
