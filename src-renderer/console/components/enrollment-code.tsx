// A one-time kiosk enrollment code, large enough to read across a room and type on a kiosk.
import { useState } from 'react';
import type { EnrollmentCodeResponse } from '../../../shared/api/server-api.js';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { ErrorMessage } from './error-message.js';
import { LocalTime } from './local-time.js';

export function EnrollKiosk({ venueId, venueName }: { venueId: string; venueName: string }) {
  const { client } = useSession();
  const { t } = useT();
  const [code, setCode] = useState<EnrollmentCodeResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      setCode(await client.enrollmentCode(venueId, 24));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby={`enroll-${venueId}`}>
      <h2 id={`enroll-${venueId}`}>{t('enroll_title', { venue: venueName })}</h2>
      <p className="hint">{t('enroll_intro')}</p>
      <button type="button" className="primary" onClick={() => void issue()} disabled={busy}>
        {t('enroll_issue')}
      </button>
      <ErrorMessage error={error} />
      {code ? (
        <>
          <p className="big-code" data-testid="enrollment-code" aria-label={t('enroll_code_label')}>
            {code.code}
          </p>
          <p>
            {t('enroll_expires')} <LocalTime ms={code.expires_at} />
          </p>
        </>
      ) : null}
    </section>
  );
}
