// A table the page already holds, downloaded as CSV (UTF-8 with BOM so spreadsheet programs
// read Vietnamese correctly; cells that look like formulas are neutralised).
import { useT } from '../i18n.js';

export function csvOf(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function CsvButton({ filename, header, rows }: { filename: string; header: readonly string[]; rows: readonly (readonly (string | number | null)[])[] }) {
  const { t } = useT();
  const download = () => {
    const url = URL.createObjectURL(new Blob(['\uFEFF', csvOf(header, rows)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" onClick={download}>
      {t('download_csv')}
    </button>
  );
}
