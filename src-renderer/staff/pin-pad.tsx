// Staff PIN pad: the kiosk has a touchscreen and no keyboard, so the PIN is tapped in on
// large digit buttons. The PIN itself is checked by the core; this only collects digits.
import { useState } from 'react';
import { CoreClientError, type CoreClient } from '../../shared/api/core-client.js';
import { useLang } from '../i18n/lang-context.js';

const MAX_DIGITS = 8;
const MIN_DIGITS = 4;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

type PinError = 'pin_invalid' | 'pin_wait' | 'pin_failed';

export function PinPad({ client, onUnlocked }: { client: CoreClient; onUnlocked: () => Promise<void> }) {
  const { t, t2 } = useLang();
  const [digits, setDigits] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PinError | null>(null);

  const press = (digit: string) => {
    setError(null);
    setDigits((d) => (d.length < MAX_DIGITS ? d + digit : d));
  };

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.staffLogin(digits);
      setDigits('');
      await onUnlocked();
    } catch (err) {
      if (!(err instanceof CoreClientError)) throw err;
      console.warn(`[staff] ${err.apiCode ?? err.code}`);
      setDigits('');
      setError(err.apiCode === 'pin_invalid' || err.apiCode === 'pin_wait' ? err.apiCode : 'pin_failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel pin-panel">
      <h2 className="panel-title">
        {t('pin_title')}
        <span className="secondary-line">{t2('pin_title')}</span>
      </h2>
      <p className="pin-dots" data-testid="pin-dots" role="status" aria-live="polite" aria-label={t('pin_entered', { n: digits.length })}>
        {digits.length === 0 ? '\u00A0' : '•'.repeat(digits.length)}
      </p>
      <div className="pin-keys">
        {KEYS.map((k) => (
          <button key={k} type="button" className="pin-key" disabled={busy} onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button
          type="button"
          className="pin-key pin-erase"
          disabled={busy || digits.length === 0}
          onClick={() => setDigits((d) => d.slice(0, -1))}
        >
          {t('pin_erase')}
          <span className="secondary-line">{t2('pin_erase')}</span>
        </button>
        <button type="button" className="pin-key" disabled={busy} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="pin-key pin-ok"
          disabled={busy || digits.length < MIN_DIGITS}
          onClick={() => void submit()}
        >
          {t('pin_ok')}
        </button>
      </div>
      {error ? (
        <p className="pin-error" role="alert" data-testid="pin-error">
          {t(error)}
          <span className="secondary-line">{t2(error)}</span>
        </p>
      ) : null}
    </section>
  );
}
