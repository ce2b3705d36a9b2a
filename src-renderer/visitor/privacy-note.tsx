// What is and is not recorded, in plain words.
import { useLang } from '../i18n/lang-context.js';

export function PrivacyNote() {
  const { t } = useLang();
  return (
    <section className="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title" className="privacy-title">
        {t('privacy_title')}
      </h2>
      <p>{t('privacy_recorded')}</p>
      <p>
        <strong>{t('privacy_not_recorded')}</strong> {t('privacy_retention')}
      </p>
    </section>
  );
}
