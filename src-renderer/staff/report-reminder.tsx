// Reporting campaigns the venue has not answered: shown to staff until the manager submits
// the report (the kiosk's next sync drops it) or the deadline passes.
import type { KioskReportRequest } from '../../shared/api/report-api.js';
import { formatDayVi } from '../../shared/domain/report-period.js';
import { formatClock } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';

export function ReportReminder({ requests, timeZone }: { requests: readonly KioskReportRequest[]; timeZone?: string | undefined }) {
  const { t, t2 } = useLang();
  if (requests.length === 0) return null;
  return (
    <section className="panel report-reminder" data-testid="report-reminder">
      <h2 className="panel-title">
        {t('report_due_title')}
        <span className="secondary-line">{t2('report_due_title')}</span>
      </h2>
      <ul className="report-requests">
        {requests.map((r) => {
          const vars = { title: r.title, issuer: r.issuer_unit, from: formatDayVi(r.period.from), to: formatDayVi(r.period.to), deadline: formatClock(r.deadline_at, timeZone) };
          return (
            <li key={r.campaign_id} className="report-request" data-campaign={r.campaign_id}>
              <span className="report-request-title">{r.title}</span>
              <span className="alert-meta">{t('report_due_meta', vars)}</span>
            </li>
          );
        })}
      </ul>
      <p className="report-action">
        {t('report_due_action')}
        <span className="secondary-line">{t2('report_due_action')}</span>
      </p>
    </section>
  );
}
