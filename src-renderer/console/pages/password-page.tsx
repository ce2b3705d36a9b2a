// Change one's own password (POST /v1/auth/password).
import { useState, type FormEvent } from 'react';
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { ActionOutcome, useAction } from '../components/use-action.js';

export function PasswordPage() {
  const { client } = useSession();
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat) {
      action.clear();
      return;
    }
    if (await action.act(() => client.changeOwnPassword(current, next), t('password_changed'))) {
      setCurrent('');
      setNext('');
      setRepeat('');
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
        <ActionOutcome action={action} />
        <button type="submit" className="primary" disabled={action.busy}>
          {t('save')}
        </button>
      </form>
    </section>
  );
}
