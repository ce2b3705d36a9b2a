// Reception staff console (#/staff): who is here, arrivals, manual tallies, upload, alerts.
import { CoreClientError, type CoreClient } from '../../shared/api/core-client.js';
import { useLang } from '../i18n/lang-context.js';
import type { LiveState } from '../live/live-state.js';
import { AlertsPanel } from './alerts-panel.js';
import { CountsPanel } from './counts-panel.js';
import { HealthPanel } from './health-panel.js';
import { PinPad } from './pin-pad.js';
import { ReportReminder } from './report-reminder.js';
import { TallyPanel } from './tally-panel.js';

export function StaffConsole({
  live,
  client,
  onChanged,
  onSessionChanged,
}: {
  live: LiveState;
  client: CoreClient;
  onChanged: () => Promise<void>;
  /** After a login or logout: the live stream must be reopened to match the new session. */
  onSessionChanged: () => Promise<void>;
}) {
  const { t, t2, toggle } = useLang();
  const status = live.status;
  const locked = status !== null && status.staff.pin_required && !status.staff.authenticated;
  const lock = async (): Promise<void> => {
    try {
      await client.staffLogout();
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      console.warn(`[staff] ${err.code}: ${err.message}`);
    }
    await onSessionChanged();
  };
  return (
    <main className="staff">
      <header className="staff-header">
        <a className="back-link" href="#/">
          ← {t('back_to_visitor')}
        </a>
        <h1 className="staff-title">
          {t('staff_title')}
          <span className="secondary-line">{t2('staff_title')}</span>
        </h1>
        {status?.staff.pin_required && !locked ? (
          <button type="button" className="lang-toggle staff-lock" onClick={() => void lock()}>
            {t('staff_lock')}
            <span className="secondary-line">{t2('staff_lock')}</span>
          </button>
        ) : null}
        <button type="button" className="lang-toggle" onClick={toggle}>
          {t('lang_toggle')}
        </button>
      </header>
      {locked ? (
        <PinPad client={client} onUnlocked={onSessionChanged} />
      ) : status ? (
        <div className="staff-grid">
          <CountsPanel status={status} hereNow={live.hereNow ?? status.here_now} />
          <TallyPanel tallies={status.tallies_today} client={client} onChanged={onChanged} />
          <AlertsPanel alerts={status.alerts} client={client} onChanged={onChanged} />
          <ReportReminder requests={status.report_requests} />
          <HealthPanel status={status} connection={live.connection} />
        </div>
      ) : (
        <p className="staff-loading">{t('loading')}</p>
      )}
    </main>
  );
}
