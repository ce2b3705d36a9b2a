// The live count of Bluezone phones near the kiosk. When the kiosk cannot record (radio
// not scanning, core unreachable) a stale or zero count would mislead, so it says so instead.
import type { CoreStatus, PresenceCounts } from '../../shared/api/core-api.js';
import { useLang } from '../i18n/lang-context.js';
import type { Connection } from '../live/live-state.js';

export function isRecording(status: CoreStatus | null, connection: Connection): boolean {
  if (connection === 'offline') return false;
  return status === null || status.radio_state === 'scanning' || status.radio_state === 'starting';
}

export function HereNowCount({
  hereNow,
  status,
  connection,
}: {
  hereNow: PresenceCounts | null;
  status: CoreStatus | null;
  connection: Connection;
}) {
  const { t, t2 } = useLang();
  const recording = isRecording(status, connection);
  return (
    <div className="here-now" data-connection={connection} data-recording={recording}>
      <span className={`live-dot live-dot-${recording ? connection : 'offline'}`} aria-hidden="true" />
      {!recording ? (
        <span className="here-now-label here-now-paused" data-testid="here-now-paused">
          {t('here_now_paused')}
          <span className="secondary-line">{t2('here_now_paused')}</span>
        </span>
      ) : hereNow ? (
        <>
          <span className="here-now-count" data-testid="here-now-count" aria-live="polite">
            {hereNow.bluezone}
          </span>
          <span className="here-now-label">
            {t('here_now_label')}
            <span className="secondary-line">{t2('here_now_label')}</span>
          </span>
        </>
      ) : (
        <span className="here-now-label">{t('here_now_unknown')}</span>
      )}
    </div>
  );
}
