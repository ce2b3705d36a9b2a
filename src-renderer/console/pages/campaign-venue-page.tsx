// A venue's answer to a campaign: the report prefilled from its kiosks' data (per local day),
// the staff figures the manager adds, every submitted version, and submit / amend until the
// deadline. Officials see the same page read-only.
import { useEffect, useState } from 'react';
import { CampaignVenueReport, REPORT_API } from '../../../shared/api/report-api.js';
import { formatDayVi } from '../../../shared/domain/report-period.js';
import { formatRateVi } from '../../../shared/domain/install-rate.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { LocalTime } from '../components/local-time.js';
import { href } from '../router.js';
import { FiguresLine } from './campaign-page.js';

export function CampaignVenuePage({ id, venueId }: { id: string; venueId: string }) {
  const { client, user } = useSession();
  const { t } = useT();
  const base = REPORT_API.campaignVenue.replace(':id', encodeURIComponent(id)).replace(':venueId', encodeURIComponent(venueId));
  const a = useLoad(() => client.call('GET', base, CampaignVenueReport), [base]);
  const [staff, setStaff] = useState({ phone: '', bz: '', note: '' });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const d = a.data;
  const last = d?.versions.at(-1);
  const canSubmit = user.role === 'venue_manager' && d?.can_submit === true;
  // Start from the last submitted figures, else the venue's entered staff figures.
  const known = last ?? d?.report.staff ?? null;
  useEffect(() => {
    if (known) setStaff((f) => (f.phone === '' && f.bz === '' ? { ...f, phone: String(known.staff_smartphone), bz: String(known.staff_bluezone) } : f));
  }, [known?.staff_smartphone, known?.staff_bluezone]);
  const submit = async () => {
    setError(null);
    setSaved(null);
    try {
      const r = await client.call('POST', REPORT_API.campaignVenueSubmissions.replace(':id', encodeURIComponent(id)).replace(':venueId', encodeURIComponent(venueId)), CampaignVenueReport, {
        body: { staff_smartphone: Number(staff.phone), staff_bluezone: Number(staff.bz), ...(staff.note ? { note: staff.note } : {}) },
      });
      // "Saved" appears with the reloaded versions list, never before it.
      await a.reload();
      setSaved(r.versions.at(-1)?.version ?? null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <p>
        <a href={href('/campaigns')}>{t('campaign_back')}</a>
      </p>
      <ErrorMessage error={a.error} onRetry={a.reload} />
      {d ? (
        <>
          <h1>{d.report.venue.name}</h1>
          <p className="card">
            {d.campaign.title} · {d.campaign.issuer_unit} · {t('campaign_col_deadline')} <LocalTime ms={d.campaign.deadline_at} />
          </p>
          <p data-testid="venue-status" className={`badge ${d.status}`}>
            {d.status === 'submitted' ? t('status_submitted', { v: last?.version ?? 1 }) : d.status === 'late' ? t('status_late') : t('status_missing')}
          </p>
          <h2>{t('report_prefilled')}</h2>
          <FiguresLine f={d.report.totals} />
          <p className="note">{d.report.install_rate_method.vi}</p>
          <table className="card" data-testid="report-days">
            <thead>
              <tr>
                <th>{t('report_col_day')}</th>
                <th>{t('fig_unique')}</th>
                <th>{t('fig_device_slots')}</th>
                <th>{t('fig_no_app')}</th>
                <th>{t('fig_helped')}</th>
                <th>{t('fig_rate')}</th>
              </tr>
            </thead>
            <tbody>
              {d.report.days.map((day) => (
                <tr key={day.day}>
                  <td>{formatDayVi(day.day)}</td>
                  <td>{day.unique_visitors}</td>
                  <td>{day.device_slots}</td>
                  <td>{day.no_app}</td>
                  <td>{day.helped_install}</td>
                  <td>{formatRateVi(day.install_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {canSubmit ? (
            <form
              className="card"
              aria-label={t('report_submit_title')}
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <h2>{t('report_submit_title')}</h2>
              <label>
                {t('report_staff_phone')}
                <input type="number" min={0} required value={staff.phone} onChange={(e) => setStaff({ ...staff, phone: e.target.value })} />
              </label>
              <label>
                {t('report_staff_bz')}
                <input type="number" min={0} required value={staff.bz} onChange={(e) => setStaff({ ...staff, bz: e.target.value })} />
              </label>
              <label>
                {t('report_note')}
                <input value={staff.note} onChange={(e) => setStaff({ ...staff, note: e.target.value })} />
              </label>
              <button type="submit" className="primary">
                {last ? t('report_amend') : t('report_submit')}
              </button>
              {saved !== null ? <p role="status">{t('report_saved', { v: saved })}</p> : null}
              <ErrorMessage error={error} />
            </form>
          ) : d.status !== 'submitted' || !d.can_submit ? (
            <p className="card">{d.can_submit ? null : t('report_frozen')}</p>
          ) : null}
          <h2>{t('report_versions')}</h2>
          <ul data-testid="report-versions">
            {d.versions.map((v) => (
              <li key={v.version}>
                {t('report_version_line', { v: v.version, phone: v.staff_smartphone, bz: v.staff_bluezone, by: v.submitted_by })} <LocalTime ms={v.submitted_at} />
              </li>
            ))}
          </ul>
          <p className="actions">
            <a className="button-link" href={client.url(`${base}/report.pdf`)} download>
              {t('report_pdf')}
            </a>
            <a className="button-link" href={client.url(`${base}/report.csv`)} download>
              {t('download_csv')}
            </a>
          </p>
        </>
      ) : null}
    </section>
  );
}
