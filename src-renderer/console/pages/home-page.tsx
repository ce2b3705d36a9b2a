// The first page after sign-in: a short list of what this role can do.
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { pagesFor } from '../page-registry.js';
import { href } from '../router.js';

export function HomePage() {
  const { user } = useSession();
  const { t } = useT();
  const links = pagesFor(user.role).filter((p) => p.nav && p.path !== '/');
  return (
    <section>
      <h1>{t('home_title', { username: user.username })}</h1>
      <p>{t('home_intro')}</p>
      <ul className="tile-list">
        {links.map((p) => (
          <li key={p.path}>
            <a className="tile" href={href(p.path)}>
              {p.nav ? t(p.nav) : p.path}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
