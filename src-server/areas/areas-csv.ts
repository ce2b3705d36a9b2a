// The administrative-units file an admin imports (`cli.js import-areas --file F.csv`):
//   province_code,province_name,district_code,district_name,ward_code,ward_name
// one line per ward. Since the 2025 reorganisation many provinces have no district level:
// leave district_code and district_name empty and the ward hangs under the province.
// Names are stored in NFC. All-or-nothing: every bad line is reported with its number.
import type { AreasTable } from '../db/schema.js';

export const AREAS_HEADER = ['province_code', 'province_name', 'district_code', 'district_name', 'ward_code', 'ward_name'] as const;

export interface AreaProblem {
  readonly line: number;
  readonly code: 'header_invalid' | 'field_count' | 'field_missing' | 'field_too_long' | 'district_half' | 'code_conflict' | 'quote_invalid';
  readonly message: string;
}

export type AreaRow = Omit<AreasTable, 'imported_at'>;

/** One CSV record (RFC 4180 quoting, on one line: names have no line breaks). */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += line[i];
        i += 1;
      }
      if (i < line.length && line[i] !== ',') return null;
    } else {
      const next = line.indexOf(',', i);
      field = next < 0 ? line.slice(i) : line.slice(i, next);
      i = next < 0 ? line.length : next;
    }
    out.push(field.trim());
    if (i >= line.length) return out;
    i += 1;
  }
}

export function parseAreasCsv(text: string): { rows: AreaRow[]; problems: AreaProblem[] } {
  const problems: AreaProblem[] = [];
  const byCode = new Map<string, AreaRow>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (!header || header.join(',') !== AREAS_HEADER.join(',')) {
    return { rows: [], problems: [{ line: 1, code: 'header_invalid', message: `the first line must be: ${AREAS_HEADER.join(',')}` }] };
  }
  const put = (line: number, row: AreaRow) => {
    const old = byCode.get(row.code);
    if (old && (old.name !== row.name || old.level !== row.level || old.parent_code !== row.parent_code)) {
      problems.push({ line, code: 'code_conflict', message: `code ${row.code} was already given to ${old.level} "${old.name}"` });
      return;
    }
    byCode.set(row.code, row);
  };
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const f = splitCsvLine(raw);
    if (!f) return problems.push({ line, code: 'quote_invalid', message: 'unbalanced quotes' });
    if (f.length !== AREAS_HEADER.length) return problems.push({ line, code: 'field_count', message: `expected ${AREAS_HEADER.length} fields, found ${f.length}` });
    const [pc, pn, dc, dn, wc, wn] = f.map((x) => x.normalize('NFC')) as [string, string, string, string, string, string];
    for (const [name, v] of [['province_code', pc], ['province_name', pn], ['ward_code', wc], ['ward_name', wn]] as const) {
      if (v === '') return problems.push({ line, code: 'field_missing', message: `${name} is empty` });
    }
    if (f.some((x) => x.length > 200)) return problems.push({ line, code: 'field_too_long', message: 'a field is longer than 200 characters' });
    if ((dc === '') !== (dn === '')) return problems.push({ line, code: 'district_half', message: 'give both district_code and district_name, or neither (two-level area)' });
    put(line, { code: pc, name: pn, level: 'province', parent_code: null });
    if (dc !== '') put(line, { code: dc, name: dn, level: 'district', parent_code: pc });
    put(line, { code: wc, name: wn, level: 'ward', parent_code: dc !== '' ? dc : pc });
    return undefined;
  });
  return { rows: problems.length > 0 ? [] : [...byCode.values()], problems };
}
