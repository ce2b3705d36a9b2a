// The live count of Bluezone phones near the kiosk.
import type { PresenceCounts } from '../../shared/api/core-api.js';
import { useLang } from '../i18n/lang-context.js';
import type { Connection } from '../live/live-state.js';

export function HereNowCount({ hereNow, connection }: { hereNow: PresenceCounts | null; connection: Connection }) {
  const { t, t2 } = useLang();
  return (
    <div className="here-now" data-connection={connection}>
      <span className={`live-dot live-dot-${connection}`} aria-hidden="true" />
      {hereNow ? (
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
