// Alerts from the core, each in the chosen language with the other one beneath.
import type { Alert } from '../../shared/api/core-api.js';
import { alertMessageKey } from '../../shared/i18n/translate.js';
import { formatClock } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';

export function AlertsPanel({ alerts }: { alerts: readonly Alert[] }) {
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
            <li key={alert.code} className={`alert alert-${alert.code}`} data-alert={alert.code}>
              <span className="alert-text">{t(alertMessageKey(alert.code))}</span>
              <span className="secondary-line">{t2(alertMessageKey(alert.code))}</span>
              <span className="alert-meta">
                {t('alert_since', { time: formatClock(alert.since) })}
                {alert.detail ? ` · ${alert.detail}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
