// Health official: venue exposures in their province, filtered by district, dates and status,
// with counts per status and a CSV download that is a plain browser link (cookie session).
// The list comes a page at a time; "Tải thêm" appends the next page (the CSV holds every row).
import { useMemo, useState } from 'react';
import type { ExposureQuery } from '../../../shared/api/console-client.js';
import type { ExposureStatus } from '../../../shared/api/server-api.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { useMorePages } from '../components/use-more-pages.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable } from '../components/data-table.js';
import { LocalRange } from '../components/local-time.js';
import { addressOf, EXPOSURE_STATUSES, statusLabel } from '../components/labels.js';
import { href, navigate } from '../router.js';

export function ExposuresPage({ query }: { query: URLSearchParams }) {
  const { client } = useSession();
  const { t } = useT();
  const q: ExposureQuery = {
    status: (EXPOSURE_STATUSES as readonly string[]).includes(query.get('status') ?? '') ? (query.get('status') as ExposureStatus) : undefined,
    district: query.get('district') ?? undefined,
    from: query.get('from') ?? undefined,
    to: query.get('to') ?? undefined,
  };
  const key = JSON.stringify(q);
  const list = useLoad(() => client.exposures(q), [key]);
  const venues = useLoad(() => client.venues(), []);
  const districts = useMemo(() => [...new Set((venues.data?.venues ?? []).map((v) => v.district))].sort((a, b) => a.localeCompare(b, 'vi')), [venues.data]);
  const [draft, setDraft] = useState(q);
  const more = useMorePages(list, { rows: (p) => p.exposures, next: (p) => p.next_cursor, fetch: (cursor) => client.exposures({ ...q, cursor }) });
  const { rows, next } = more;
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const e of rows) c[e.status] = (c[e.status] ?? 0) + 1;
    return c;
  }, [rows]);

  return (
    <section>
      <h1>{t('exposures_title')}</h1>
      <form
        className="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate('/exposures', { status: draft.status, district: draft.district, from: draft.from, to: draft.to });
        }}
      >
        <label>
          {t('filter_status')}
          <select name="status" value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: (e.target.value || undefined) as ExposureStatus | undefined })}>
            <option value="">{t('filter_any')}</option>
            {EXPOSURE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filter_district')}
          <select name="district" value={draft.district ?? ''} onChange={(e) => setDraft({ ...draft, district: e.target.value || undefined })}>
            <option value="">{t('filter_any')}</option>
            {districts.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filter_from')}
          <input type="date" name="from" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })} />
        </label>
        <label>
          {t('filter_to')}
          <input type="date" name="to" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })} />
        </label>
        <button type="submit" className="primary">
          {t('filter_apply')}
        </button>
        <a className="button-link" href={client.exposuresCsvUrl(q)} download="exposures.csv">
          {t('download_csv')}
        </a>
      </form>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {list.data ? (
        <>
          <ul className="counts" data-testid="exposure-counts">
            <li className="badge">{next === null ? t('count_total', { count: rows.length }) : t('count_shown_more', { count: rows.length })}</li>
            {EXPOSURE_STATUSES.map((s) => (
              <li key={s} className={`badge ${s}`}>
                {statusLabel(t, s)}: {counts[s] ?? 0}
              </li>
            ))}
          </ul>
          {rows.length === 0 ? (
            <p>{t('exposures_none')}</p>
          ) : (
            <DataTable testId="exposures-table" columns={[t('col_venue'), t('col_address'), t('col_window'), t('col_status')]}>
              {rows.map((e) => (
                <tr key={e.id}>
                  <td>
                    <a href={href(`/exposures/${e.id}`)}>{e.venue.name}</a>
                  </td>
                  <td>{addressOf(e.venue)}</td>
                  <td>
                    <LocalRange start={e.start} end={e.end} />
                  </td>
                  <td>
                    <span className={`badge ${e.status}`}>{statusLabel(t, e.status)}</span>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <ErrorMessage error={more.error} onRetry={() => void more.loadMore()} />
          {next !== null ? (
            <button type="button" data-testid="exposures-load-more" disabled={more.loading} onClick={() => void more.loadMore()}>
              {t('load_more')}
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
