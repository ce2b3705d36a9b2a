// One venue: attendance by day and by week, install rate, tallies, its kiosks' health, and
// (managers, admins) enrolling a new kiosk. Reached from "My venues" and from the fleet.
import { useMemo } from 'react';
import { formatDayString } from '../../../shared/i18n/local-time.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { DataTable, numCol } from '../components/data-table.js';
import { TimeChart } from '../components/time-chart.js';
import { addressOf } from '../components/labels.js';
import { EnrollKiosk } from '../components/enrollment-code.js';
import { FleetTable } from './fleet-page.js';
import { CsvButton } from '../components/csv-download.js';
import { DayRangeFields, useDayRange } from '../components/day-range.js';
import { VenueReportCard } from '../components/venue-report-card.js';

const DAY = 86_400_000;

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((n / d) * 100).toFixed(1)} %`;
}

/** Monday of the ISO week a "YYYY-MM-DD" day belongs to. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * DAY).toISOString().slice(0, 10);
}

export function VenueReportPage({ id }: { id: string }) {
  const { client, user } = useSession();
  const { t } = useT();
  const range = useDayRange(28);
  const { from, to } = range;
  const venue = useLoad(() => client.venue(id), [id]);
  const att = useLoad(() => client.attendance(id, from, to), [id, from, to]);
  const fleet = useLoad(() => client.fleet(), []);
  const days = att.data?.days ?? [];
  const totals = useMemo(
    () => days.reduce((a, d) => ({ arrivals: a.arrivals + d.arrivals, no_app: a.no_app + d.no_app, helped: a.helped + d.helped_install }), { arrivals: 0, no_app: 0, helped: 0 }),
    [days],
  );
  const weeks = useMemo(() => {
    const m = new Map<string, { arrivals: number; no_app: number; helped: number; peak: number }>();
    for (const d of days) {
      const w = weekOf(d.day);
      const x = m.get(w) ?? { arrivals: 0, no_app: 0, helped: 0, peak: 0 };
      x.arrivals += d.arrivals;
      x.no_app += d.no_app;
      x.helped += d.helped_install;
      x.peak = Math.max(x.peak, d.bluezone_devices_peak);
      m.set(w, x);
    }
    return [...m].sort(([a], [b]) => a.localeCompare(b));
  }, [days]);
  const kiosks = (fleet.data?.kiosks ?? []).filter((k) => k.venue_id === id);
  const canEnroll = user.role === 'admin' || user.role === 'venue_manager';

  return (
    <section>
      <ErrorMessage error={venue.error} onRetry={venue.reload} />
      {venue.data ? (
        <>
          <h1>{venue.data.name}</h1>
          <p>{addressOf(venue.data)}</p>
        </>
      ) : null}
      <div className="card filters">
        <DayRangeFields range={range} />
        <CsvButton
          filename={`attendance-${id.slice(0, 8)}-${from}-${to}.csv`}
          header={['day', 'arrivals', 'no_app', 'helped_install', 'bluezone_devices_peak', 'install_rate']}
          rows={days.map((d) => [d.day, d.arrivals, d.no_app, d.helped_install, d.bluezone_devices_peak, d.install_rate])}
        />
      </div>
      <ErrorMessage error={att.error} onRetry={att.reload} />
      <ul className="counts" data-testid="venue-tallies">
        <li className="badge">{t('tally_arrivals', { count: totals.arrivals })}</li>
        <li className="badge">{t('tally_no_app', { count: totals.no_app })}</li>
        <li className="badge">{t('tally_helped', { count: totals.helped })}</li>
        <li className="badge">{t('tally_rate', { rate: pct(totals.arrivals - totals.no_app, totals.arrivals) })}</li>
      </ul>
      {att.data ? (
        <section className="card" aria-labelledby="att-title">
          <h2 id="att-title">{t('attendance_by_day')}</h2>
          <TimeChart
            kind="bars"
            title={t('attendance_by_day')}
            times={days.map((d) => Date.parse(`${d.day}T00:00:00Z`))}
            series={[
              { label: t('install_entrants'), values: days.map((d) => d.arrivals - d.no_app), color: '#0c6b35' },
              { label: t('install_no_app'), values: days.map((d) => d.no_app), color: '#a4161a' },
            ]}
          />
          <DataTable testId="attendance-days" columns={[t('col_day'), numCol(t('col_arrivals')), numCol(t('install_no_app')), numCol(t('install_helped')), numCol(t('col_peak')), numCol(t('install_rate'))]}>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{formatDayString(d.day)}</td>
                <td className="num">{d.arrivals}</td>
                <td className="num">{d.no_app}</td>
                <td className="num">{d.helped_install}</td>
                <td className="num">{d.bluezone_devices_peak}</td>
                <td className="num">{d.install_rate === null ? '—' : `${(d.install_rate * 100).toFixed(1)} %`}</td>
              </tr>
            ))}
          </DataTable>
          <h2>{t('attendance_by_week')}</h2>
          <DataTable testId="attendance-weeks" columns={[t('col_week'), numCol(t('col_arrivals')), numCol(t('install_no_app')), numCol(t('install_helped')), numCol(t('install_rate'))]}>
            {weeks.map(([w, x]) => (
              <tr key={w}>
                <td>{t('week_from', { day: formatDayString(w) })}</td>
                <td className="num">{x.arrivals}</td>
                <td className="num">{x.no_app}</td>
                <td className="num">{x.helped}</td>
                <td className="num">{pct(x.arrivals - x.no_app, x.arrivals)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      <VenueReportCard venueId={id} />
      <section className="card" aria-labelledby="kiosks-title">
        <h2 id="kiosks-title">{t('venue_kiosks')}</h2>
        <ErrorMessage error={fleet.error} onRetry={fleet.reload} />
        {fleet.data ? kiosks.length === 0 ? <p>{t('venue_no_kiosks')}</p> : <FleetTable kiosks={kiosks} /> : null}
      </section>
      {canEnroll && venue.data ? <EnrollKiosk venueId={id} venueName={venue.data.name} /> : null}
    </section>
  );
}
