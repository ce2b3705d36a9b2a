// Alerts from the core, each in the chosen language with the other one beneath; a venue
// notice from the health authority shows in full, with its acknowledge button.
import type { Alert } from '../../shared/api/core-api.js';
import type { CoreClient } from '../../shared/api/core-client.js';
import { VenueNotice } from './venue-notice.js';
import { alertMessageKey } from '../../shared/i18n/translate.js';
import { formatClock } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';

export function AlertsPanel({ alerts, client, onChanged }: { alerts: readonly Alert[]; client: CoreClient; onChanged: () => Promise<void> }) {
  const { t, t2 } = useLang();
  return (
    <section className={`panel alerts-panel${alerts.length > 0 ? ' has-alerts' : ''}`}>
      <h2 className="panel-title">
        {t('alerts_title')}
        <span className="secondary-line">{t2('alerts_title')}</span>
      </h2>
      {alerts.length === 0 ? (
        <p className="alerts-none">{t('alerts_none')}</p>
      ) : (
        <ul className="alerts">
          {alerts.map((alert) => (
            <li key={alert.notice ? `notice-${alert.notice.id}` : alert.code} className={`alert alert-${alert.code}`} data-alert={alert.code}>
              {alert.notice ? (
                <VenueNotice notice={alert.notice} client={client} onChanged={onChanged} />
              ) : (
                <>
                  <span className="alert-text">{t(alertMessageKey(alert.code))}</span>
                  <span className="secondary-line">{t2(alertMessageKey(alert.code))}</span>
                  <span className="alert-meta">
                    {t('alert_since', { time: formatClock(alert.since) })}
                    {alert.detail ? ` · ${alert.detail}` : ''}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
