// The staff console's top line, always in sight: Bluezone phones here now (GAEN phones apart,
// so the headline and its breakdown agree), the current quarter-hour named by its local clock
// times, today's arrivals, and the upload state.
import type { CoreStatus, PresenceCounts } from '../../shared/api/core-api.js';
import { slotWindow } from '../i18n/format-time.js';
import { useLang } from '../i18n/lang-context.js';

export function StatusStrip({ status, hereNow }: { status: CoreStatus; hereNow: PresenceCounts }) {
  const { t, t2 } = useLang();
  const window = slotWindow(status.now, status.time_zone);
  const upload = status.upload;
  const uploadKey = upload.last_error !== null ? 'upload_failing_short' : upload.queue_depth > 0 ? 'upload_waiting' : 'upload_ok';
  return (
    <section className="panel status-strip" aria-label={t('staff_title')}>
      <div className="stat stat-main">
        <span className="stat-value" data-testid="staff-here-now">
          {hereNow.bluezone}
        </span>
        <span className="stat-label">
          {t('here_now_bluezone')}
          <span className="secondary-line">{t2('here_now_bluezone')}</span>
          <span className="stat-detail" data-testid="staff-breakdown">
            {t('bluezone_android')} {hereNow.bluezone_android} · {t('bluezone_ios')} {hereNow.bluezone_ios}
          </span>
          {hereNow.gaen > 0 ? (
            <span className="stat-detail" data-testid="staff-gaen">
              {t('here_now_gaen_apart', { n: hereNow.gaen })}
            </span>
          ) : null}
        </span>
      </div>
      <div className="stat">
        <span className="stat-value" data-testid="staff-slot-devices">
          {status.slot_devices}
        </span>
        <span className="stat-label">
          {t('slot_window', window)}
          <span className="secondary-line">{t2('slot_window', window)}</span>
        </span>
      </div>
      <div className="stat">
        <span className="stat-value" data-testid="staff-today-devices">
          {status.today_devices}
        </span>
        <span className="stat-label">
          {t('today_devices')}
          <span className="secondary-line">{t2('today_devices')}</span>
        </span>
      </div>
      <p className={`upload-chip upload-chip-${uploadKey}`} data-testid="upload-chip">
        {t(uploadKey, { n: upload.queue_depth })}
      </p>
    </section>
  );
}
