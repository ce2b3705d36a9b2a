// Top level of the console: language, who is signed in, and the re-login dialog that appears
// over the current page when the session expires (the page stays mounted, so nothing typed is
// lost, and the interrupted call is retried once the person has signed in again).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ConsoleApiError, type ConsoleClient } from '../../shared/api/console-client.js';
import type { UserView } from '../../shared/api/server-api.js';
import type { Lang } from '../../shared/i18n/translate.js';
import { ConsoleLangContext, makeConsoleLang } from './i18n.js';
import { SessionContext, type Session } from './session.js';
import { Shell } from './shell.js';
import { LoginForm, LoginPage } from './pages/login-page.js';
import { ErrorMessage } from './components/error-message.js';
import { navigate } from './router.js';

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

export function ConsoleApp({ client }: { client: ConsoleClient }) {
  const [lang, setLang] = useState<Lang>('vi');
  const toggle = useCallback(() => setLang((l) => (l === 'vi' ? 'en' : 'vi')), []);
  const langApi = useMemo(() => makeConsoleLang(lang, toggle), [lang, toggle]);
  const [user, setUser] = useState<UserView | null | 'loading'>('loading');
  const [bootError, setBootError] = useState<unknown>(null);
  const [relogin, setRelogin] = useState(false);
  const waiters = useRef<Waiter[]>([]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = langApi.t('app_title');
  }, [lang, langApi]);

  useEffect(() => {
    client.setSessionLostHandler(
      () =>
        new Promise<void>((resolve, reject) => {
          waiters.current.push({ resolve, reject });
          setRelogin(true);
        }),
    );
    client.setAccountDisabledHandler((err) => {
      setBootError(err);
      setUser(null);
      navigate('/');
    });
    client
      .me()
      .then((r) => setUser(r.user))
      .catch((err: unknown) => {
        if (!(err instanceof ConsoleApiError && err.status === 401)) setBootError(err);
        setUser(null);
      });
    return () => {
      client.setSessionLostHandler(undefined);
      client.setAccountDisabledHandler(undefined);
    };
  }, [client]);

  const settle = (ok: boolean) => {
    const list = waiters.current;
    waiters.current = [];
    setRelogin(false);
    for (const w of list) {
      if (ok) w.resolve();
      else w.reject(new Error('sign-in cancelled'));
    }
  };

  const signOut = useCallback(async () => {
    try {
      await client.logout();
    } finally {
      setUser(null);
      navigate('/');
    }
  }, [client]);

  const session: Session | null = useMemo(() => (user === null || user === 'loading' ? null : { user, client, signOut }), [user, client, signOut]);

  let body;
  if (user === 'loading') body = <p className="loading">{langApi.t('loading')}</p>;
  else if (session === null)
    body = (
      <>
        <ErrorMessage error={bootError} />
        <LoginPage client={client} onSignedIn={(u) => { setBootError(null); setUser(u); }} />
      </>
    );
  else
    body = (
      <SessionContext.Provider value={session}>
        <Shell />
      </SessionContext.Provider>
    );

  return (
    <ConsoleLangContext.Provider value={langApi}>
      {body}
      {relogin && session ? (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-modal="true" aria-labelledby="relogin-title">
            <h2 id="relogin-title">{langApi.t('session_expired_title')}</h2>
            <p>{langApi.t('session_expired_body')}</p>
            <LoginForm client={client} fixedUsername={session.user.username} onSignedIn={() => settle(true)} onCancel={() => settle(false)} />
          </div>
        </div>
      ) : null}
    </ConsoleLangContext.Provider>
  );
}
