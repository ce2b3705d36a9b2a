// The first screen a visitor sees: install QR, the four steps, the live count, privacy.
import { useLang } from '../i18n/lang-context.js';
import type { LiveState } from '../live/live-state.js';
import { CheckinOverlay } from './checkin-overlay.js';
import { HereNowCount } from './here-now-count.js';
import { InstallQr } from './install-qr.js';
import { InstallSteps } from './install-steps.js';
import { PrivacyNote } from './privacy-note.js';

/** Used until the core has answered; the core's own default is the same address. */
export const FALLBACK_INSTALL_URL = 'https://www.bluezone.gov.vn';

export function VisitorScreen({ live }: { live: LiveState }) {
  const { t, t2, toggle } = useLang();
  const installUrl = live.status?.install_url || FALLBACK_INSTALL_URL;
  return (
    <main className="visitor">
      <header className="visitor-header">
        <div className="brand">
          <span className="brand-name">{t('app_name')}</span>
          {live.status?.venue_name ? <span className="venue-name">{live.status.venue_name}</span> : null}
        </div>
        <div className="header-actions">
          <button type="button" className="lang-toggle" onClick={toggle}>
            {t('lang_toggle')}
          </button>
          <a className="staff-entry" href="#/staff">
            {t('staff_entry')}
          </a>
        </div>
      </header>
      <section className="install">
        <div className="qr-column">
          <figure className="qr-figure">
            <InstallQr url={installUrl} />
            <figcaption className="qr-caption">{t('qr_caption')}</figcaption>
          </figure>
          <HereNowCount hereNow={live.hereNow} status={live.status} connection={live.connection} />
        </div>
        <div className="install-text">
          <h1 className="headline">
            {t('visitor_headline')}
            <span className="secondary-line">{t2('visitor_headline')}</span>
          </h1>
          <InstallSteps />
        </div>
      </section>
      <footer className="visitor-footer">
        <PrivacyNote retentionDays={live.status?.retention_days ?? null} />
      </footer>
      <CheckinOverlay checkin={live.lastCheckin} />
    </main>
  );
}
