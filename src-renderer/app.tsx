// Top level: language, the live connection, and the hash route (#/ visitor, #/staff).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CoreClient } from '../shared/api/core-client.js';
import type { Lang } from '../shared/i18n/translate.js';
import { LangContext, htmlLang, makeLangApi } from './i18n/lang-context.js';
import { usePixelShift } from './kiosk/pixel-shift.js';
import { useIdleReset } from './kiosk/use-idle-reset.js';
import { useLiveCore } from './live/use-live-core.js';
import { routeOf, type Route } from './route.js';
import { StaffConsole } from './staff/staff-console.js';
import { VisitorScreen } from './visitor/visitor-screen.js';

function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App({ client }: { client: CoreClient }) {
  const [lang, setLang] = useState<Lang>('vi');
  const toggle = useCallback(() => setLang((l) => (l === 'vi' ? 'en' : 'vi')), []);
  const langApi = useMemo(() => makeLangApi(lang, toggle), [lang, toggle]);
  const { live, refresh, reconnect } = useLiveCore(client);
  const sessionChanged = useCallback(async () => {
    reconnect();
    await refresh();
  }, [reconnect, refresh]);
  const route = useHashRoute();
  const staffSession = live.status?.staff.pin_required === true && live.status.staff.authenticated;
  const resetToVisitor = useCallback(() => {
    setLang('vi');
    if (window.location.hash !== '' && window.location.hash !== '#/') window.location.hash = '#/';
    if (staffSession) {
      void client.staffLogout().then(sessionChanged, (err: unknown) => console.warn(`[idle] lock failed: ${String(err)}`));
    }
  }, [client, sessionChanged, staffSession]);
  useIdleReset(route === 'staff' || lang !== 'vi' || staffSession, resetToVisitor);
  const [dx, dy] = usePixelShift();

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  return (
    <LangContext.Provider value={langApi}>
      <div className="pixel-shift" style={{ transform: `translate(${dx}px, ${dy}px)` }}>
        {route === 'staff' ? <StaffConsole live={live} client={client} onChanged={refresh} onSessionChanged={sessionChanged} /> : <VisitorScreen live={live} />}
      </div>
    </LangContext.Provider>
  );
}
