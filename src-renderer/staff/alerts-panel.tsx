// Alerts from the core, each saying what happened, what to do about it and whom to call,
// in the chosen language with the other one beneath; a venue notice from the health
// authority shows in full, with its acknowledge button.
import type { Alert } from '../../shared/api/core-api.js';
import type { CoreClient } from '../../shared/api/core-client.js';
import { alertActionKey, alertMessageKey } from '../../shared/i18n/translate.js';
import { formatClock } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';
import { VenueNotice } from './venue-notice.js';

export function AlertsPanel({
  alerts,
  client,
  onChanged,
  supportContact,
  timeZone,
  onOpenCalibration,
}: {
  alerts: readonly Alert[];
  client: CoreClient;
  onChanged: () => Promise<void>;
  supportContact: string | null;
  timeZone?: string | undefined;
  /** Opens the distance calibration wizard (the "not calibrated" alert's way out). */
  onOpenCalibration?: () => void;
}) {
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
        <>
          <ul className="alerts">
            {alerts.map((alert) => (
              <li key={alert.notice ? `notice-${alert.notice.id}` : alert.code} className={`alert alert-${alert.code}`} data-alert={alert.code}>
                {alert.notice ? (
                  <VenueNotice notice={alert.notice} client={client} onChanged={onChanged} />
                ) : (
                  <>
                    <span className="alert-text">{t(alertMessageKey(alert.code))}</span>
                    <span className="secondary-line">{t2(alertMessageKey(alert.code))}</span>
                    <span className="alert-action" data-testid={`alert-action-${alert.code}`}>
                      {t(alertActionKey(alert.code))}
                    </span>
                    {alert.code === 'distance_uncalibrated' && onOpenCalibration ? (
                      <button type="button" className="calibration-button alert-open" data-testid="open-calibration" onClick={onOpenCalibration}>
                        {t('alert_open_calibration')}
                      </button>
                    ) : null}
                    <span className="alert-meta">
                      {t('alert_since', { time: formatClock(alert.since, timeZone) })}
                      {alert.detail ? ` · ${alert.detail}` : ''}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="alert-contact" data-testid="alert-contact">
            {supportContact ? t('alert_contact', { contact: supportContact }) : t('alert_contact_default')}
          </p>
        </>
      )}
    </section>
  );
}
