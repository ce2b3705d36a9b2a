// Here-now, this slot and today device counts.
import type { CoreStatus, PresenceCounts } from '../../shared/api/core-api.js';
import type { MessageKey } from '../../shared/i18n/translate.js';
import { useLang } from '../i18n/lang-context.js';

function Stat({ label, value, testId }: { label: MessageKey; value: number; testId: string }) {
  const { t, t2 } = useLang();
  return (
    <div className="stat">
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      <span className="stat-label">
        {t(label)}
        <span className="secondary-line">{t2(label)}</span>
      </span>
    </div>
  );
}

export function CountsPanel({ status, hereNow }: { status: CoreStatus; hereNow: PresenceCounts }) {
  const { t } = useLang();
  return (
    <section className="panel counts-panel">
      <div className="stats">
        <Stat label="here_now" value={hereNow.bluezone} testId="staff-here-now" />
        <Stat label="slot_devices" value={status.slot_devices} testId="staff-slot-devices" />
        <Stat label="today_devices" value={status.today_devices} testId="staff-today-devices" />
      </div>
      <p className="breakdown">
        {t('bluezone_android')}: {hereNow.bluezone_android} · {t('bluezone_ios')}: {hereNow.bluezone_ios} ·{' '}
        {t('gaen_phones')}: {hereNow.gaen}
      </p>
    </section>
  );
}
