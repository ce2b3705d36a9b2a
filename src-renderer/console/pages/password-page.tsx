// Change one's own password (POST /v1/auth/password).
import { useState, type FormEvent } from 'react';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { ErrorMessage } from '../components/error-message.js';

export function PasswordPage() {
  const { client } = useSession();
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    setBusy(true);
    try {
      await client.changeOwnPassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{t('password_title')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('password_current')}
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label>
          {t('password_new')}
          <input type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          {t('password_repeat')}
          <input type="password" autoComplete="new-password" required minLength={10} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        {mismatch ? (
          <p className="error-box" role="alert">
            {t('password_mismatch')}
          </p>
        ) : null}
        <ErrorMessage error={error} />
        {done ? (
          <p className="ok-box" role="status">
            {t('password_changed')}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('save')}
        </button>
      </form>
    </section>
  );
}
