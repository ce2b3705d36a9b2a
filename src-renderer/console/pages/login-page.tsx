// Sign in. Also the re-login form shown over a page whose session expired (username fixed,
// the page underneath kept as it was).
import { useState, type FormEvent } from 'react';
import type { ConsoleClient } from '../../../shared/api/console-client.js';
import type { UserView } from '../../../shared/api/server-api.js';
import { useT } from '../i18n.js';
import { ErrorMessage } from '../components/error-message.js';

export function LoginForm({ client, fixedUsername, onSignedIn, onCancel }: { client: ConsoleClient; fixedUsername?: string; onSignedIn(u: UserView): void; onCancel?: () => void }) {
  const { t } = useT();
  const [username, setUsername] = useState(fixedUsername ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await client.login(username.trim(), password);
      setPassword('');
      onSignedIn(r.user);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login-form" onSubmit={(e) => void submit(e)} aria-describedby="lockout-note">
      <label>
        {t('username')}
        <input name="username" autoComplete="username" required value={username} readOnly={fixedUsername !== undefined} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <p id="lockout-note" className="hint">
        {t('login_lockout_note')}
      </p>
      <ErrorMessage error={error} />
      <div className="button-row">
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('session_expired_cancel')}
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login_busy') : t('login_submit')}
        </button>
      </div>
    </form>
  );
}

export function LoginPage({ client, onSignedIn }: { client: ConsoleClient; onSignedIn(u: UserView): void }) {
  const { t } = useT();
  return (
    <main id="main" className="login-page">
      <h1>{t('app_title')}</h1>
      <p>{t('login_intro')}</p>
      <section className="card" aria-labelledby="login-title">
        <h2 id="login-title">{t('login_title')}</h2>
        <LoginForm client={client} onSignedIn={onSignedIn} />
      </section>
    </main>
  );
}
