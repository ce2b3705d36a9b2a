// ICT officer (and admin): install rate and attendance by ward, district or province — a
// ranking table sortable by any column (CSV too), a bar for each unit, and the trend over the
// days of the range.
import { useMemo, useState } from 'react';
import { localDayOf, localMidnight, formatDayString } from '../../../shared/i18n/local-time.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { TimeChart } from '../components/time-chart.js';
import { CsvButton } from '../components/csv-download.js';
import { DayRangeFields, useDayRange } from '../components/day-range.js';

type Level = 'ward' | 'district' | 'province';
type SortKey = 'rank' | 'name' | 'bluezone_entrants' | 'no_app' | 'helped_install' | 'install_rate';
const DAY = 86_400_000;

function pct(r: number | null): string {
  return r === null ? '—' : `${(r * 100).toFixed(1)} %`;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = localMidnight(from); t <= localMidnight(to) && out.length < 31; t += DAY) out.push(localDayOf(t + 3_600_000));
  return out;
}

export function InstallRatePage() {
  const { client } = useSession();
  const { t } = useT();
  const [level, setLevel] = useState<Level>('district');
  const range = useDayRange(14);
  const { from, to } = range;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const ranking = useLoad(() => client.installRate({ level, from, to }), [level, from, to]);
  const days = useMemo(() => daysBetween(from, to), [from, to]);
  const trend = useLoad(() => Promise.all(days.map((d) => client.installRate({ level: 'province', from: d, to: d }))), [days.join()]);

  const rows = useMemo(() => {
    const list = [...(ranking.data?.rows ?? [])];
    const k = sort.key;
    list.sort((a, b) => {
      const x = a[k];
      const y = b[k];
      const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y, 'vi') : (Number(x ?? -1) - Number(y ?? -1));
      return sort.desc ? -c : c;
    });
    return list;
  }, [ranking.data, sort]);
  const chart = useMemo(() => {
    const data = trend.data ?? [];
    const sum = (f: (r: { bluezone_entrants: number; no_app: number; helped_install: number }) => number) => data.map((d) => d.rows.reduce((n, r) => n + f(r), 0));
    const entrants = sum((r) => r.bluezone_entrants);
    const noApp = sum((r) => r.no_app);
    return {
      times: days.map((d) => localMidnight(d)),
      rate: entrants.map((e, i) => (e + noApp[i]! === 0 ? null : Math.round((e / (e + noApp[i]!)) * 1000) / 10)),
      entrants,
      noApp,
    };
  }, [trend.data, days]);
  const max = Math.max(1, ...rows.map((r) => r.bluezone_entrants + r.no_app));
  const header = (key: SortKey, label: string, num = false) => (
    <th scope="col" className={num ? 'num' : undefined} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'rank' && key !== 'name' })}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  return (
    <section>
      <h1>{t('install_title')}</h1>
      <div className="card filters">
        <label>
          {t('install_level')}
          <select name="level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
            <option value="ward">{t('area_ward')}</option>
            <option value="district">{t('area_district')}</option>
            <option value="province">{t('area_province')}</option>
          </select>
        </label>
        <DayRangeFields range={range} />
        <CsvButton
          filename={`install-rate-${level}-${from}-${to}.csv`}
          header={['rank', 'name', 'district', 'province', 'bluezone_entrants', 'no_app', 'helped_install', 'install_rate']}
          rows={rows.map((r) => [r.rank, r.name, r.district, r.province, r.bluezone_entrants, r.no_app, r.helped_install, r.install_rate])}
        />
      </div>
      <ErrorMessage error={ranking.error} onRetry={ranking.reload} />
      {ranking.data ? <p className="hint">{t('install_method', { method: ranking.data.method })}</p> : null}
      <div className="table-wrap">
        <table data-testid="install-table">
          <thead>
            <tr>
              {header('rank', t('install_rank'), true)}
              {header('name', t('install_unit'))}
              {header('bluezone_entrants', t('install_entrants'), true)}
              {header('no_app', t('install_no_app'), true)}
              {header('helped_install', t('install_helped'), true)}
              {header('install_rate', t('install_rate'), true)}
              <th scope="col">{t('install_attendance_bar')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td className="num">{r.rank}</td>
                <td>
                  {r.name}
                  {r.district && level === 'ward' ? <span className="hint"> · {r.district}</span> : null}
                </td>
                <td className="num">{r.bluezone_entrants}</td>
                <td className="num">{r.no_app}</td>
                <td className="num">{r.helped_install}</td>
                <td className="num">{pct(r.install_rate)}</td>
                <td>
                  <span className="bar" aria-hidden="true">
                    <span className="bar-fill" style={{ width: `${((r.bluezone_entrants + r.no_app) / max) * 100}%` }} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="trend-title">
        <h2 id="trend-title">{t('install_trend_title')}</h2>
        <ErrorMessage error={trend.error} onRetry={trend.reload} />
        {trend.data ? (
          <>
            <TimeChart kind="lines" title={t('install_trend_title')} times={chart.times} series={[{ label: t('install_rate_pct'), values: chart.rate, color: '#0b5cad' }]} />
            <TimeChart
              kind="bars"
              title={t('install_attendance_title')}
              times={chart.times}
              series={[
                { label: t('install_entrants'), values: chart.entrants, color: '#0c6b35' },
                { label: t('install_no_app'), values: chart.noApp, color: '#a4161a' },
              ]}
            />
            <details>
              <summary>{t('exposure_chart_table')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('col_day')}</th>
                    <th scope="col" className="num">{t('install_entrants')}</th>
                    <th scope="col" className="num">{t('install_no_app')}</th>
                    <th scope="col" className="num">{t('install_rate_pct')}</th>
                  </tr>
                </thead>
                <tbody>
                  {days.map((d, i) => (
                    <tr key={d}>
                      <td>{formatDayString(d)}</td>
                      <td className="num">{chart.entrants[i]}</td>
                      <td className="num">{chart.noApp[i]}</td>
                      <td className="num">{chart.rate[i] ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : null}
      </section>
    </section>
  );
}
