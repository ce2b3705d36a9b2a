// A venue's own report, outside any campaign: pick a local day, week or month and download
// it as the PDF in the administrative form or as CSV; and the staff figures the report
// carries (employees with a smartphone, with Bluezone), which managers and admins enter here.
import { useState } from 'react';
import { REPORT_API, StaffFiguresHistory, StaffFiguresRecord } from '../../../shared/api/report-api.js';
import { formatRateVi } from '../../../shared/domain/install-rate.js';
import { localDayOf } from '../../../shared/i18n/local-time.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from './use-load.js';
import { ErrorMessage } from './error-message.js';
import { ActionOutcome, useAction } from './use-action.js';
import { LocalTime } from './local-time.js';
import { PeriodOptions } from './period-options.js';

type PeriodKind = 'day' | 'week' | 'month';

export function VenueReportCard({ venueId }: { venueId: string }) {
  const { client, user } = useSession();
  const { t } = useT();
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [date, setDate] = useState(() => localDayOf(Date.now()));
  const path = (p: string) => p.replace(':id', encodeURIComponent(venueId));
  const query = `?period=${period}&date=${encodeURIComponent(date)}`;
  return (
    <section className="card" aria-labelledby="venue-report-title" data-testid="venue-report">
      <h2 id="venue-report-title">{t('venue_report_title')}</h2>
      <p className="note">{t('venue_report_hint')}</p>
      <div className="filters">
        <label>
          {t('venue_report_period')}
          <select name="period" value={period} onChange={(e) => setPeriod(e.target.value as PeriodKind)}>
            <PeriodOptions />
          </select>
        </label>
        <label>
          {t('venue_report_date')}
          <input type="date" name="report-date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </label>
        <a className="button-link primary" href={client.url(path(REPORT_API.venueReportPdf) + query)} download>
          {t('report_pdf')}
        </a>
        <a className="button-link" href={client.url(path(REPORT_API.venueReportCsv) + query)} download>
          {t('download_csv')}
        </a>
      </div>
      <StaffFigures venueId={venueId} canEdit={user.role === 'admin' || user.role === 'venue_manager'} />
    </section>
  );
}

function StaffFigures({ venueId, canEdit }: { venueId: string; canEdit: boolean }) {
  const { client } = useSession();
  const { t } = useT();
  const url = REPORT_API.venueStaffFigures.replace(':id', encodeURIComponent(venueId));
  const figures = useLoad(() => client.call('GET', url, StaffFiguresHistory), [url]);
  const [form, setForm] = useState({ phone: '', bz: '' });
  // "Saved" is shown once the reloaded figures are (useAction waits for the reload).
  const action = useAction(figures.reload);
  const current = figures.data?.current ?? null;
  const save = async () => {
    const body = { staff_smartphone: Number(form.phone), staff_bluezone: Number(form.bz) };
    if (await action.act(() => client.call('POST', url, StaffFiguresRecord, { body }), t('staff_figures_saved'))) setForm({ phone: '', bz: '' });
  };
  return (
    <div data-testid="staff-figures">
      <h3>{t('staff_figures_title')}</h3>
      <ErrorMessage error={figures.error} onRetry={figures.reload} />
      {figures.data ? (
        current ? (
          <p data-testid="staff-figures-current">
            {t('staff_figures_current', { phone: current.staff_smartphone, bz: current.staff_bluezone, rate: formatRateVi(current.staff_install_rate) })}{' '}
            {t('staff_figures_by', { by: current.recorded_by })} <LocalTime ms={current.recorded_at} />
          </p>
        ) : (
          <p data-testid="staff-figures-current">{t('staff_figures_none')}</p>
        )
      ) : null}
      {canEdit ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            {t('report_staff_phone')}
            <input type="number" name="staff_smartphone" min={0} max={1_000_000} required value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} />
          </label>
          <label>
            {t('report_staff_bz')}
            <input type="number" name="staff_bluezone" min={0} max={1_000_000} required value={form.bz} onChange={(e) => setForm({ ...form, bz: e.target.value })} />
          </label>
          <button type="submit">{t('staff_figures_save')}</button>
        </form>
      ) : null}
      <ActionOutcome action={action} />
    </div>
  );
}
