// Turns an official's F0 submission (Bluezone InfoF / daily-key entries / data_trace.txt)
// into the rows the exposure engine matches on. All-or-nothing: any malformed key or history
// line rejects the whole submission with every problem listed (line number + code).
import { SLOT_MS } from '../../shared/domain/slots.js';
import { entryFromInfoF, expandEntry, KeyFormatError, validateDailyKeyEntry, type DailyKeyEntry, type InfoF } from '../../shared/protocol/bluezone-infof.js';
import { parseTrace } from '../../shared/protocol/bluezone-trace.js';
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
  problems: IntakeProblem[];
  problemCount: number;
}

/**
 * Coarse distance class from the phone-side RSSI (bluezone-protocol.md §2.2: no threshold
 * is applied on the phone, RSSI is noisy by tens of dB). Only the class is kept, never RSSI.
 */
export function distanceRankFromRssi(rssi: number): number {
  if (rssi >= -65) return 0;
  if (rssi >= -80) return 1;
  return 2;
}

const MAX_LISTED = 200;

export function processSubmission(sub: F0Submission, fromSlot: number, toSlot: number): IntakeResult {
  const problems: IntakeProblem[] = [];
  let problemCount = 0;
  const note = (p: IntakeProblem) => {
    problemCount += 1;
    if (problems.length < MAX_LISTED) problems.push(p);
  };
  const entries: DailyKeyEntry[] = [];
  const windowEndS = ((toSlot + 1) * SLOT_MS) / 1000 - 1;
  if (sub.info_f) {
    try {
      entries.push(entryFromInfoF(sub.info_f, windowEndS));
    } catch (err) {
      if (!(err instanceof KeyFormatError)) throw err;
      note({ source: 'info_f', code: err.code, message: err.message });
    }
  }
  (sub.daily_keys ?? []).forEach((e, index) => {
    try {
      entries.push(validateDailyKeyEntry(e));
    } catch (err) {
      if (!(err instanceof KeyFormatError)) throw err;
      note({ source: 'daily_keys', index, code: err.code, message: err.message });
    }
  });

  const ids = new Map<string, F0IdRow>();
  for (const e of entries) {
    for (const { slot, id } of expandEntry(e, fromSlot, toSlot)) ids.set(`${slot}|${id}`, { slot, visitor_id: id });
  }

  const contacts = new Map<string, F0ContactRow>();
  let historyRows = 0;
  if (sub.history !== undefined) {
    const parsed = parseTrace(sub.history);
    for (const err of parsed.errors) note({ source: 'history', line: err.line, code: err.code, message: err.message });
    historyRows = parsed.rows.length;
    if (parsed.rows.length === 0 && parsed.errors.length === 0) {
      note({ source: 'history', code: 'history_empty', message: 'history file has no lines' });
    }
    for (const r of parsed.rows) {
      const slot = Math.floor(r.timeMs / SLOT_MS);
      if (slot < fromSlot || slot > toSlot) continue;
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
  return { ids: [...ids.values()], contacts: [...contacts.values()], historyRows, problems, problemCount };
}
