// Radio, clock, connection and upload state.
import type { CoreStatus } from '../../shared/api/core-api.js';
import { radioStateMessageKey } from '../../shared/i18n/translate.js';
import { formatClock } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';
import type { Connection } from '../live/live-state.js';
import { ChimeToggle } from './chime-toggle.js';

const CONNECTION_KEY = {
  connecting: 'loading',
  live: 'connection_live',
  polling: 'connection_polling',
  offline: 'connection_offline',
} as const;

export function HealthPanel({ status, connection }: { status: CoreStatus; connection: Connection }) {
  const { t, t2 } = useLang();
  const { upload } = status;
  const radioOk = status.radio_state === 'scanning';
  return (
    <section className="panel health-panel">
      <h2 className="panel-title">
        {t('upload_title')}
        <span className="secondary-line">{t2('upload_title')}</span>
      </h2>
      <ul className="health-list">
        <li className={upload.enrolled ? 'ok' : 'bad'}>{t(upload.enrolled ? 'upload_enrolled' : 'upload_not_enrolled')}</li>
        <li data-testid="upload-queue">{t('upload_queue', { n: upload.queue_depth })}</li>
        <li>
          {upload.last_success_at === null
            ? t('upload_never')
            : t('upload_last_success', { time: formatClock(upload.last_success_at, status.time_zone) })}
        </li>
        {upload.last_error ? <li className="bad">{t('upload_last_error', { error: upload.last_error })}</li> : null}
        <li className={radioOk ? 'ok' : 'bad'}>
          {t('radio_title')}: {t(radioStateMessageKey(status.radio_state))}
        </li>
        <li className={status.clock_synced ? 'ok' : 'bad'}>{t(status.clock_synced ? 'clock_synced' : 'clock_unsynced')}</li>
        <li className={connection === 'live' ? 'ok' : 'bad'}>{t(CONNECTION_KEY[connection])}</li>
      </ul>
      <ChimeToggle />
    </section>
  );
}
