// What an official's F0 files will give before anything is sent: every line-level problem
// (same parsers and codes as the server's intake), how many history lines fall inside the
// infectious window and will be used, and the request body to send. Pure, so the console's
// preview and its tests see exactly what the server will check.
import { entryFromInfoF, KeyFormatError, validateDailyKeyEntry, type DailyKeyEntry, type InfoF } from '../protocol/bluezone-infof.js';
import { parseTrace } from '../protocol/bluezone-trace.js';
import { SLOT_MS } from './slots.js';

export type F0Source = 'info_f' | 'daily_keys' | 'history';

export interface F0PreviewProblem {
  readonly source: F0Source;
  /** 1-based line of data_trace.txt. */
  readonly line?: number;
  /** 0-based entry of the daily-key list. */
  readonly index?: number;
  readonly code: string;
  readonly message: string;
}

export interface F0PreviewInput {
  readonly infoF: string;
  readonly dailyKeys: string;
  readonly history: string;
}

export interface F0Preview {
  readonly problems: F0PreviewProblem[];
  readonly keyEntries: number;
  readonly historyLines: number;
  /** Lines inside the window: matched against venues. */
  readonly historyUsed: number;
  /** Valid lines outside the window: ignored. */
  readonly historyIgnored: number;
  readonly historyContacts: number;
  /** The data part of the intake request; only meaningful when problems is empty. */
  readonly body: { info_f?: InfoF; daily_keys?: DailyKeyEntry[]; history?: string };
}

export const MAX_DAILY_KEYS = 60;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function previewInfoF(text: string, windowEndS: number, problems: F0PreviewProblem[]): InfoF | undefined {
  const j = parseJson(text);
  if (!j.ok) {
    problems.push({ source: 'info_f', code: 'not_json', message: `InfoF is not JSON: ${j.message}` });
    return undefined;
  }
  // The phone's InfoF is sometimes carried as a JSON string inside the form field.
  const v = typeof j.value === 'string' ? parseJson(j.value) : j;
  const obj = v.ok ? v.value : undefined;
  if (!isRecord(obj) || typeof obj.daily_key !== 'string' || typeof obj.time_start !== 'number') {
    problems.push({ source: 'info_f', code: 'not_info_f', message: 'InfoF must be an object with daily_key and time_start' });
    return undefined;
  }
  // base_id is never sent: it would link every ID of the F0's phone (docs/protocol.md §5.2).
  const info: InfoF = { daily_key: obj.daily_key, time_start: obj.time_start, ...(typeof obj.time === 'number' ? { time: obj.time } : {}) };
  try {
    entryFromInfoF(info, windowEndS);
  } catch (err) {
    if (!(err instanceof KeyFormatError)) throw err;
    problems.push({ source: 'info_f', code: err.code, message: err.message });
    return undefined;
  }
  return info;
}

function previewDailyKeys(text: string, problems: F0PreviewProblem[]): DailyKeyEntry[] | undefined {
  const j = parseJson(text);
  if (!j.ok) {
    problems.push({ source: 'daily_keys', code: 'not_json', message: `the daily-key list is not JSON: ${j.message}` });
    return undefined;
  }
  // Bluezone's push carries {"data": [...]}, sometimes as a JSON string; a bare list or one entry is accepted too.
  let v: unknown = j.value;
  if (typeof v === 'string') {
    const inner = parseJson(v);
    v = inner.ok ? inner.value : undefined;
  }
  if (isRecord(v) && Array.isArray(v.data)) v = v.data;
  else if (isRecord(v)) v = [v];
  if (!Array.isArray(v) || v.length === 0) {
    problems.push({ source: 'daily_keys', code: 'not_daily_keys', message: 'expected {"data": [{daily_key, time_start, time_end, max}, …]}' });
    return undefined;
  }
  if (v.length > MAX_DAILY_KEYS) {
    problems.push({ source: 'daily_keys', code: 'too_many_keys', message: `at most ${MAX_DAILY_KEYS} entries, found ${v.length}` });
    return undefined;
  }
  const out: DailyKeyEntry[] = [];
  v.forEach((e: unknown, index) => {
    if (!isRecord(e)) {
      problems.push({ source: 'daily_keys', index, code: 'not_daily_keys', message: 'entry is not an object' });
      return;
    }
    const entry = { daily_key: e.daily_key, time_start: e.time_start, time_end: e.time_end, max: e.max } as DailyKeyEntry;
    try {
      out.push(validateDailyKeyEntry(entry));
    } catch (err) {
      if (!(err instanceof KeyFormatError)) throw err;
      problems.push({ source: 'daily_keys', index, code: err.code, message: err.message });
    }
  });
  return out;
}

export function previewF0(input: F0PreviewInput, fromSlot: number, toSlot: number): F0Preview {
  const problems: F0PreviewProblem[] = [];
  const windowEndS = ((toSlot + 1) * SLOT_MS) / 1000 - 1;
  const body: F0Preview['body'] = {};
  if (input.infoF.trim() !== '') {
    const info = previewInfoF(input.infoF.trim(), windowEndS, problems);
    if (info) body.info_f = info;
  }
  let keyEntries = 0;
  if (input.dailyKeys.trim() !== '') {
    const keys = previewDailyKeys(input.dailyKeys.trim(), problems);
    if (keys) {
      body.daily_keys = keys;
      keyEntries = keys.length;
    }
  }
  let historyLines = 0;
  let historyUsed = 0;
  const contacts = new Set<string>();
  if (input.history.trim() !== '') {
    const parsed = parseTrace(input.history);
    for (const e of parsed.errors) problems.push({ source: 'history', line: e.line, code: e.code, message: e.message });
    historyLines = parsed.rows.length;
    for (const r of parsed.rows) {
      const slot = Math.floor(r.timeMs / SLOT_MS);
      if (slot < fromSlot || slot > toSlot) continue;
      historyUsed += 1;
      if (r.contactId !== null) contacts.add(`${r.contactId}|${slot}`);
    }
    body.history = input.history;
  }
  if (input.infoF.trim() === '' && input.dailyKeys.trim() === '' && input.history.trim() === '') {
    problems.push({ source: 'info_f', code: 'no_data', message: 'give the InfoF, the daily-key list or data_trace.txt' });
  }
  return { problems, keyEntries, historyLines, historyUsed, historyIgnored: historyLines - historyUsed, historyContacts: contacts.size, body };
}
