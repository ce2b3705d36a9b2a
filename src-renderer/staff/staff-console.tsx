// Reception staff console (#/staff): who is here, arrivals, manual tallies, upload, alerts.
import type { CoreClient } from '../../shared/api/core-client.js';
import { useLang } from '../i18n/lang-context.js';
import type { LiveState } from '../live/live-state.js';
import { AlertsPanel } from './alerts-panel.js';
import { CountsPanel } from './counts-panel.js';
import { HealthPanel } from './health-panel.js';
import { TallyPanel } from './tally-panel.js';

export function StaffConsole({
  live,
  client,
  onChanged,
}: {
  live: LiveState;
  client: CoreClient;
  onChanged: () => Promise<void>;
}) {
  const { t, t2, toggle } = useLang();
  const status = live.status;
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
        <button type="button" className="lang-toggle" onClick={toggle}>
          {t('lang_toggle')}
        </button>
      </header>
      {status ? (
        <div className="staff-grid">
          <CountsPanel status={status} hereNow={live.hereNow ?? status.here_now} />
          <TallyPanel tallies={status.tallies_today} client={client} onChanged={onChanged} />
          <AlertsPanel alerts={status.alerts} />
          <HealthPanel status={status} connection={live.connection} />
        </div>
      ) : (
        <p className="staff-loading">{t('loading')}</p>
      )}
    </main>
  );
}
