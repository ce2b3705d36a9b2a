// The signed-in frame: header (who, language, sign out), the role's navigation, the page.
import { useSession } from './session.js';
import { useT } from './i18n.js';
import { href, matchPath, useLocation } from './router.js';
import { PAGES, pagesFor } from './page-registry.js';

export function Shell() {
  const { user, signOut } = useSession();
  const { t, toggle } = useT();
  const loc = useLocation();
  const mine = pagesFor(user.role);
  let content = null;
  let known = false;
  for (const p of PAGES) {
    const params = matchPath(p.path, loc.path);
    if (!params) continue;
    known = true;
    if (p.roles.includes(user.role)) {
      content = p.render(params, loc.query);
      break;
    }
  }
  if (!content) {
    content = (
      <section>
        <h1>{known ? t('not_allowed_title') : t('not_found_title')}</h1>
      </section>
    );
  }
  const current = (path: string) => (path === '/' ? loc.path === '/' : loc.path === path || loc.path.startsWith(`${path}/`));

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skip_to_content')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app_title')}</span>
        <span className="who">{t('signed_in_as', { username: user.username, role: t(`role_${user.role}`) })}</span>
        <button type="button" className="lang" lang={t('lang_switch') === 'English' ? 'en' : 'vi'} onClick={toggle}>
          {t('lang_switch')}
        </button>
        <button type="button" onClick={() => void signOut()}>
          {t('sign_out')}
        </button>
      </header>
      <nav className="sidenav" aria-label={t('nav_label')}>
        <ul>
          {mine
            .filter((p) => p.nav)
            .map((p) => (
              <li key={p.path}>
                <a href={href(p.path)} aria-current={current(p.path) ? 'page' : undefined}>
                  {p.nav ? t(p.nav) : ''}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}
