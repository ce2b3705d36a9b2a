// Reception staff console (#/staff). The status strip (who is here, this quarter-hour,
// today, uploads) and the tabs stay in sight at every size; alerts, tallies and the kiosk's
// health and the distance calibration wizard are one tap apart instead of pushing each other
// off an 800x480 screen.
import { useState } from 'react';
import { CoreClientError, type CoreClient } from '../../shared/api/core-client.js';
import { useLang } from '../i18n/lang-context.js';
import type { LiveState } from '../live/live-state.js';
import { AlertsPanel } from './alerts-panel.js';
import { ArrivalsChart } from './arrivals-chart.js';
import { CalibrationWizard } from './calibration-wizard.js';
import { HealthPanel } from './health-panel.js';
import { PinPad } from './pin-pad.js';
import { ReportReminder } from './report-reminder.js';
import { StatusStrip } from './status-strip.js';
import { TallyPanel } from './tally-panel.js';

type Tab = 'today' | 'alerts' | 'kiosk' | 'distance';

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
  const [chosen, setChosen] = useState<Tab | null>(null);
  const status = live.status;
  const locked = status !== null && status.staff.pin_required && !status.staff.authenticated;
  const alertCount = status?.alerts.length ?? 0;
  // Until staff pick a tab, alerts come first when there are any.
  const tab: Tab = chosen ?? (alertCount > 0 ? 'alerts' : 'today');
  const lock = async (): Promise<void> => {
    try {
      await client.staffLogout();
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      console.warn(`[staff] ${err.code}: ${err.message}`);
    }
    await onSessionChanged();
  };
  const tabs: readonly { id: Tab; label: string }[] = [
    { id: 'today', label: t('tab_today') },
    { id: 'alerts', label: t('tab_alerts', { n: alertCount }) },
    { id: 'kiosk', label: t('tab_kiosk') },
    { id: 'distance', label: t('tab_distance') },
  ];
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
          </button>
        ) : null}
        <button type="button" className="lang-toggle" onClick={toggle}>
          {t('lang_toggle')}
        </button>
      </header>
      {locked ? (
        <PinPad client={client} onUnlocked={onSessionChanged} />
      ) : status ? (
        <>
          <StatusStrip status={status} hereNow={live.hereNow ?? status.here_now} />
          <nav className="staff-tabs" role="tablist">
            {tabs.map((x) => (
              <button
                key={x.id}
                type="button"
                role="tab"
                aria-selected={tab === x.id}
                className={`staff-tab${tab === x.id ? ' staff-tab-active' : ''}${x.id === 'alerts' && alertCount > 0 ? ' staff-tab-alerting' : ''}`}
                data-testid={`tab-${x.id}`}
                onClick={() => setChosen(x.id)}
              >
                {x.label}
              </button>
            ))}
          </nav>
          <div className="staff-body" role="tabpanel" tabIndex={0}>
            {tab === 'today' ? (
              <div className="staff-grid">
                <ReportReminder requests={status.report_requests} timeZone={status.time_zone} />
                <TallyPanel tallies={status.tallies_today} client={client} onChanged={onChanged} />
                <ArrivalsChart byHour={status.arrivals_by_hour} />
              </div>
            ) : tab === 'alerts' ? (
              <AlertsPanel
                alerts={status.alerts}
                client={client}
                onChanged={onChanged}
                supportContact={status.support_contact}
                timeZone={status.time_zone}
                onOpenCalibration={() => setChosen('distance')}
              />
            ) : tab === 'distance' ? (
              <CalibrationWizard client={client} onChanged={onChanged} timeZone={status.time_zone} />
            ) : (
              <HealthPanel status={status} connection={live.connection} />
            )}
          </div>
        </>
      ) : (
        <p className="staff-loading">{t('loading')}</p>
      )}
    </main>
  );
}
