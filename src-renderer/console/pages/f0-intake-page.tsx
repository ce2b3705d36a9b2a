// Health official: a new F0 case from the files Bluezone produces. The preview runs the
// same parsers as the server on every keystroke and lists every problem by line; Submit is
// possible only when there is none. The server checks again and stores all or nothing.
import { useMemo, useState, type FormEvent } from 'react';
import { ConsoleApiError } from '../../../shared/api/console-client.js';
import type { F0IntakeResponse } from '../../../shared/api/server-api.js';
import { previewF0, type F0PreviewProblem } from '../../../shared/domain/f0-preview.js';
import { SLOT_MS } from '../../../shared/domain/slots.js';
import { localDayOf, localMidnight } from '../../../shared/i18n/local-time.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { ErrorMessage } from '../components/error-message.js';
import { useAction } from '../components/use-action.js';
import { DataTable } from '../components/data-table.js';
import { TextSource } from '../components/text-source.js';
import { LocalRange } from '../components/local-time.js';
import { href } from '../router.js';

const DAY = 86_400_000;
const MAX_DAYS = 21;

function windowOf(from: string, to: string, now: number): { fromS: number; toS: number; fromSlot: number; toSlot: number } | null {
  const a = localMidnight(from);
  const b = localMidnight(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a || (b - a) / DAY + 1 > MAX_DAYS || a > now) return null;
  // The window ends at the end of the last local day, or now if that is earlier.
  const endMs = Math.min(b + DAY - 1, now);
  return { fromS: Math.floor(a / 1000), toS: Math.floor(endMs / 1000), fromSlot: Math.floor(a / SLOT_MS), toSlot: Math.floor(endMs / SLOT_MS) };
}

function ProblemTable({ problems }: { problems: readonly F0PreviewProblem[] }) {
  const { t } = useT();
  const sourceName = { info_f: 'InfoF', daily_keys: t('intake_daily_keys'), history: 'data_trace.txt' };
  return (
    <DataTable testId="intake-problems" columns={[t('intake_col_where'), t('intake_col_code'), t('intake_col_message')]}>
      {problems.map((p, i) => (
        <tr key={i} className="bad">
          <td>
            {p.line !== undefined
              ? t('intake_problem_where_line', { source: sourceName[p.source], line: p.line })
              : p.index !== undefined
                ? t('intake_problem_where_index', { source: sourceName[p.source], index: p.index + 1 })
                : sourceName[p.source]}
          </td>
          <td>
            <code>{p.code}</code>
          </td>
          <td>{p.message}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export function F0IntakePage() {
  const { user, client } = useSession();
  const { t } = useT();
  const now = Date.now();
  const [reference, setReference] = useState('');
  const [from, setFrom] = useState(() => localDayOf(now - 13 * DAY));
  const [to, setTo] = useState(() => localDayOf(now));
  const [infoF, setInfoF] = useState('');
  const [dailyKeys, setDailyKeys] = useState('');
  const [history, setHistory] = useState('');
  const action = useAction();
  const { busy, error } = action;
  const [result, setResult] = useState<F0IntakeResponse | null>(null);

  const win = windowOf(from, to, now);
  const preview = useMemo(() => (win ? previewF0({ infoF, dailyKeys, history }, win.fromSlot, win.toSlot) : null), [infoF, dailyKeys, history, win?.fromSlot, win?.toSlot]);
  const serverProblems = error instanceof ConsoleApiError && error.code === 'f0_data_malformed' && typeof error.details === 'object' && error.details !== null
    ? ((error.details as { problems?: F0PreviewProblem[] }).problems ?? [])
    : [];
  const canSubmit = !busy && win !== null && preview !== null && preview.problems.length === 0 && reference.trim() !== '' && user.province !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || !win || !preview || user.province === null) return;
    const province = user.province;
    setResult(null);
    await action.act(async () => setResult(await client.createF0Case({ reference: reference.trim(), province, infectious_from_s: win.fromS, infectious_to_s: win.toS, ...preview.body })));
  };

  return (
    <section>
      <h1>{t('intake_title')}</h1>
      <p className="hint">{t('intake_intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="card filters">
          <label>
            {t('intake_reference')}
            <input name="reference" required maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
          </label>
          <label>
            {t('intake_province')}
            <input name="province" value={user.province ?? ''} readOnly />
          </label>
          <label>
            {t('intake_from')}
            <input type="date" name="from" required value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('intake_to')}
            <input type="date" name="to" required value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <p className="hint">{t('intake_window_note')}</p>
        </div>
        {win === null ? (
          <p className="error-box" role="alert">
            {t('intake_window_bad')}
          </p>
        ) : null}
        <TextSource label={t('intake_infof')} name="info_f" accept=".json,.txt,application/json,text/plain" value={infoF} onChange={setInfoF} rows={3} />
        <TextSource label={t('intake_daily_keys')} name="daily_keys" accept=".json,.txt,application/json,text/plain" value={dailyKeys} onChange={setDailyKeys} rows={4} />
        <TextSource label={t('intake_history')} name="history" accept=".txt,text/plain" value={history} onChange={setHistory} rows={8} />

        <section className="card" aria-labelledby="preview-title" aria-live="polite">
          <h2 id="preview-title">{t('intake_preview')}</h2>
          {preview ? (
            <>
              <p>{t('intake_keys_count', { count: preview.keyEntries + (preview.body.info_f ? 1 : 0) })}</p>
              <p data-testid="intake-history-counts">
                {t('intake_history_count', { lines: preview.historyLines, used: preview.historyUsed, ignored: preview.historyIgnored, contacts: preview.historyContacts })}
              </p>
              {preview.problems.length === 0 ? (
                <p className="ok-box">{t('intake_preview_ok')}</p>
              ) : (
                <>
                  <p className="error-box" data-testid="intake-error-count">
                    {t('intake_preview_errors', { count: preview.problems.length })}
                  </p>
                  <ProblemTable problems={preview.problems} />
                </>
              )}
            </>
          ) : null}
        </section>
        <ErrorMessage error={error} />
        {serverProblems.length > 0 ? (
          <>
            <p>{t('intake_server_problems', { count: serverProblems.length })}</p>
            <ProblemTable problems={serverProblems} />
          </>
        ) : null}
        <button type="submit" className="primary" disabled={!canSubmit}>
          {busy ? t('intake_submitting') : t('intake_submit')}
        </button>
      </form>
      {result ? (
        <section className="card" role="status" data-testid="intake-result">
          <p className="ok-box">
            {t('intake_done', { reference: result.case.reference, ids: result.ids_derived, rows: result.history_rows, count: result.exposures.length })}
          </p>
          <ul>
            {result.exposures.map((x) => (
              <li key={x.id}>
                <a href={href(`/exposures/${x.id}`)}>{x.venue.name}</a> — <LocalRange start={x.start} end={x.end} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
