// Venue managers (and ICT officers, admins): the venues in scope, each linking to its report.
import { useSession } from '../session.js';
import { useT } from '../i18n.js';
import { useLoad } from '../components/use-load.js';
import { ErrorMessage } from '../components/error-message.js';
import { addressOf } from '../components/labels.js';
import { href } from '../router.js';

export function MyVenuesPage() {
  const { client } = useSession();
  const { t } = useT();
  const venues = useLoad(() => client.venues(), []);
  return (
    <section>
      <h1>{t('nav_my_venues')}</h1>
      <ErrorMessage error={venues.error} onRetry={venues.reload} />
      {venues.data && venues.data.venues.length === 0 ? <p>{t('venues_none')}</p> : null}
      <ul className="tile-list">
        {(venues.data?.venues ?? []).map((v) => (
          <li key={v.id}>
            <a className="tile" href={href(`/venues/${v.id}`)}>
              {v.name}
              <br />
              <span className="hint">{addressOf(v)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
