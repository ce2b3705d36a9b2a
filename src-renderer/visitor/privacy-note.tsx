// What is and is not recorded, in plain words. The retention period is the core's own
// (BZ_RETENTION_DAYS), never a number written into the page.
import { useLang } from '../i18n/lang-context.js';

export function PrivacyNote({ retentionDays }: { retentionDays: number | null }) {
  const { t } = useLang();
  return (
    <section className="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title" className="privacy-title">
        {t('privacy_title')}
      </h2>
      <p>
        {t('privacy_recorded')} <strong>{t('privacy_not_recorded')}</strong>
        {retentionDays === null ? null : <> {t('privacy_retention', { days: retentionDays })}</>}
      </p>
    </section>
  );
}
