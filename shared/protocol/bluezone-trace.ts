// Parser of Bluezone's exported contact history `data_trace.txt` (docs/protocol.md §2.3):
// one LF-terminated line per logged contact, 4 TAB-separated fields
//   <own ID, 24 hex> TAB <contact ID, 24 hex> TAB <rssi, signed int> TAB <timestamp>
// The timestamp is Unix ms on Android but Unix SECONDS on iOS (the iOS helper named
// "millis" returns seconds), so the unit is decided per line by magnitude.
// Pure: the caller decides what to keep. Every bad line is reported with its number and a
// stable code, so an official can fix the file; nothing is guessed.

export type TraceErrorCode =
  | 'field_count'
  | 'own_id_invalid'
  | 'contact_id_invalid'
  | 'rssi_invalid'
  | 'timestamp_invalid'
  | 'line_too_long';

export interface TraceRow {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The F0's own Bluezone ID at that moment, upper-case hex. */
  readonly ownId: string;
  /** The contact's ID, upper-case hex; null for classic-Bluetooth rows with an empty field (3.0.7). */
  readonly contactId: string | null;
  readonly rssi: number;
  /** Unix ms, whatever unit the file used. */
  readonly timeMs: number;
  readonly timeUnit: 'ms' | 's';
}

export interface TraceError {
  readonly line: number;
  readonly code: TraceErrorCode;
  readonly message: string;
}

export interface TraceParseResult {
  readonly rows: TraceRow[];
  readonly errors: TraceError[];
  /** Lines that were blank (ignored). */
  readonly blankLines: number;
}

const ID_RE = /^[0-9A-Fa-f]{24}$/;
const INT_RE = /^-?\d{1,4}$/;
const TS_RE = /^\d{9,13}$/;
/** A real line is 68 bytes; anything far longer is not this format. */
const MAX_LINE = 256;
/** Bluezone v2 IDs exist from May 2020; refuse timestamps before 2020 or after 2100. */
const MIN_TIME_MS = Date.UTC(2020, 0, 1);
const MAX_TIME_MS = Date.UTC(2100, 0, 1);
/** Below this a timestamp cannot be ms after 2020, so it is seconds (iOS). */
const SECONDS_LIMIT = 100_000_000_000;

export function parseTraceLine(text: string, line: number): TraceRow | TraceError {
  if (text.length > MAX_LINE) return { line, code: 'line_too_long', message: `line is ${text.length} characters, at most ${MAX_LINE}` };
  const fields = text.split('\t');
  if (fields.length !== 4) {
    return { line, code: 'field_count', message: `expected 4 TAB-separated fields, found ${fields.length}` };
  }
  const [own, contact, rssiText, tsText] = fields as [string, string, string, string];
  if (!ID_RE.test(own)) return { line, code: 'own_id_invalid', message: 'own ID must be 24 hex characters' };
  if (contact !== '' && !ID_RE.test(contact)) {
    return { line, code: 'contact_id_invalid', message: 'contact ID must be 24 hex characters or empty' };
  }
  if (!INT_RE.test(rssiText)) return { line, code: 'rssi_invalid', message: 'rssi must be a signed integer' };
  const rssi = Number(rssiText);
  if (rssi < -127 || rssi > 127) return { line, code: 'rssi_invalid', message: `rssi ${rssi} out of range -127…127` };
  if (!TS_RE.test(tsText)) return { line, code: 'timestamp_invalid', message: 'timestamp must be Unix seconds or milliseconds' };
  const raw = Number(tsText);
  const timeUnit = raw < SECONDS_LIMIT ? 's' : 'ms';
  const timeMs = timeUnit === 's' ? raw * 1000 : raw;
  if (timeMs < MIN_TIME_MS || timeMs >= MAX_TIME_MS) {
    return { line, code: 'timestamp_invalid', message: 'timestamp outside 2020…2100' };
  }
  return {
    line,
    ownId: own.toUpperCase(),
    contactId: contact === '' ? null : contact.toUpperCase(),
    rssi,
    timeMs,
    timeUnit,
  };
}

function isError(x: TraceRow | TraceError): x is TraceError {
  return 'code' in x;
}

/** Parses a whole file. CRLF is tolerated (files pass through Windows tools); blank lines are skipped. */
export function parseTrace(text: string): TraceParseResult {
  const rows: TraceRow[] = [];
  const errors: TraceError[] = [];
  let blankLines = 0;
  const lines = text.split('\n');
  // A final LF leaves one empty element that is not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const textLine = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (textLine.trim() === '') {
      blankLines += 1;
      return;
    }
    const parsed = parseTraceLine(textLine, i + 1);
    if (isError(parsed)) errors.push(parsed);
    else rows.push(parsed);
  });
  return { rows, errors, blankLines };
}

/** Renders rows back in Bluezone's format (Android: ms timestamps); used to build test files. */
export function formatTraceLine(ownId: string, contactId: string, rssi: number, timestamp: number): string {
  return `${ownId}\t${contactId}\t${rssi}\t${timestamp}`;
}
