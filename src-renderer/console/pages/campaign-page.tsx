// One campaign as its official follows it: who submitted, who is missing or late, the area's
// totals (as submitted, and from every venue's kiosk), the ranking by install rate, and the
// compiled report to send up the chain (PDF and CSV, plain links under the cookie session).
import { CampaignOverview, REPORT_API, type ReportFigures } from '../../../shared/api/report-api.js';
import { formatDayVi } from '../../../shared/domain/report-period.js';
import { formatRateVi } from '../../../shared/domain/install-rate.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { LocalTime } from '../components/local-time.js';
import { href } from '../router.js';
import { campaignArea } from './campaigns-page.js';

const path = (template: string, id: string) => template.replace(':id', encodeURIComponent(id));

export function FiguresLine({ f }: { f: ReportFigures }) {
  const { t } = useT();
  return (
    <dl className="figures">
      <dt>{t('fig_unique')}</dt>
      <dd data-fig="unique_visitors">{f.unique_visitors}</dd>
      <dt>{t('fig_device_slots')}</dt>
      <dd data-fig="device_slots">{f.device_slots}</dd>
      <dt>{t('fig_no_app')}</dt>
      <dd data-fig="no_app">{f.no_app}</dd>
      <dt>{t('fig_helped')}</dt>
      <dd data-fig="helped_install">{f.helped_install}</dd>
      <dt>{t('fig_rate')}</dt>
      <dd data-fig="install_rate">{formatRateVi(f.install_rate)}</dd>
      <dt>{t('fig_uptime')}</dt>
      <dd data-fig="uptime">{formatRateVi(f.uptime_ratio)}</dd>
    </dl>
  );
}

export function CampaignPage({ id }: { id: string }) {
  const { client } = useSession();
  const { t } = useT();
  const o = useLoad(() => client.call('GET', path(REPORT_API.campaign, id), CampaignOverview), [id]);
  const d = o.data;
  return (
    <section>
      <p>
        <a href={href('/campaigns')}>{t('campaign_back')}</a>
      </p>
      <ErrorMessage error={o.error} onRetry={o.reload} />
      {d ? (
        <>
          <h1>{d.campaign.title}</h1>
          <p className="card">
            {d.campaign.issuer_unit} · {campaignArea(d.campaign)} · {formatDayVi(d.campaign.period.from)} – {formatDayVi(d.campaign.period.to)} · {t('campaign_col_deadline')}{' '}
            <LocalTime ms={d.campaign.deadline_at} />
          </p>
          <ul className="counts" data-testid="campaign-counts">
            <li className="badge submitted">{t('campaign_count_submitted', { n: d.counts.submitted, total: d.counts.venues })}</li>
            <li className="badge missing">{t('campaign_count_missing', { n: d.counts.missing })}</li>
            <li className="badge late">{t('campaign_count_late', { n: d.counts.late })}</li>
          </ul>
          <p className="actions">
            <a className="button-link primary" href={client.url(path(REPORT_API.campaignPdf, id))} download>
              {t('campaign_compile_pdf')}
            </a>
            <a className="button-link" href={client.url(path(REPORT_API.campaignCsv, id))} download>
              {t('download_csv')}
            </a>
          </p>
          <h2>{t('campaign_submitted_totals')}</h2>
          <FiguresLine f={d.submitted_totals} />
          <p>{t('campaign_staff', { phone: d.submitted_totals.staff_smartphone, bz: d.submitted_totals.staff_bluezone, rate: formatRateVi(d.submitted_totals.staff_install_rate) })}</p>
          <h2>{t('campaign_kiosk_totals')}</h2>
          <FiguresLine f={d.kiosk_totals} />
          <p className="note">{d.install_rate_method.vi}</p>
          <h2>{t('campaign_venues')}</h2>
          <table className="card" data-testid="campaign-venues">
            <thead>
              <tr>
                <th>{t('campaign_col_venue')}</th>
                <th>{t('campaign_col_status')}</th>
                <th>{t('fig_unique')}</th>
                <th>{t('fig_no_app')}</th>
                <th>{t('fig_rate')}</th>
              </tr>
            </thead>
            <tbody>
              {d.venues.map((v) => (
                <tr key={v.venue.id} data-status={v.status}>
                  <td>
                    <a href={href(`/campaigns/${id}/venues/${v.venue.id}`)}>{v.venue.name}</a>
                    <span className="secondary-line">
                      {v.venue.ward}, {v.venue.district}
                    </span>
                  </td>
                  <td>{v.status === 'submitted' ? t('status_submitted', { v: v.version ?? 1 }) : v.status === 'late' ? t('status_late') : t('status_missing')}</td>
                  <td>{v.figures.unique_visitors}</td>
                  <td>{v.figures.no_app}</td>
                  <td>{formatRateVi(v.figures.install_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('campaign_ranking')}</h2>
          <table className="card" data-testid="campaign-ranking">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('campaign_col_area')}</th>
                <th>{t('campaign_col_submitted')}</th>
                <th>{t('fig_rate')}</th>
              </tr>
            </thead>
            <tbody>
              {d.ranking.map((r) => (
                <tr key={r.area}>
                  <td>{r.rank}</td>
                  <td>{r.area}</td>
                  <td>
                    {r.submitted}/{r.venues}
                  </td>
                  <td>{formatRateVi(r.install_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
