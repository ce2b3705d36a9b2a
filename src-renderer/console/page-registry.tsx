// Every page of the console in one list: its hash path, who may open it, and its navigation
// label. Add a page here (see README.md); the shell builds the navigation from this list, and
// a role not listed gets "not allowed" instead of the page.
import type { ReactNode } from 'react';
import type { Role } from '../../shared/api/server-api.js';
import type { ConsoleMessageKey } from '../../shared/i18n/console-translate.js';
import { HomePage } from './pages/home-page.js';
import { PasswordPage } from './pages/password-page.js';
import { F0IntakePage } from './pages/f0-intake-page.js';
import { ExposuresPage } from './pages/exposures-page.js';
import { ExposureDetailPage } from './pages/exposure-detail-page.js';
import { CampaignsPage } from './pages/campaigns-page.js';
import { CampaignPage } from './pages/campaign-page.js';
import { CampaignVenuePage } from './pages/campaign-venue-page.js';

export interface PageDef {
  /** "/exposures/:id": segments starting with ':' become params. */
  readonly path: string;
  readonly roles: readonly Role[];
  /** Label in the navigation; pages without one (details) are reached by links. */
  readonly nav?: ConsoleMessageKey;
  render(params: Readonly<Record<string, string>>, query: URLSearchParams): ReactNode;
}

const ALL: readonly Role[] = ['admin', 'health_official', 'ict_officer', 'venue_manager'];

export const PAGES: readonly PageDef[] = [
  { path: '/', roles: ALL, nav: 'nav_home', render: () => <HomePage /> },
  { path: '/intake', roles: ['health_official'], nav: 'nav_intake', render: () => <F0IntakePage /> },
  { path: '/exposures', roles: ['health_official', 'admin'], nav: 'nav_exposures', render: (_p, q) => <ExposuresPage query={q} /> },
  { path: '/exposures/:id', roles: ['health_official', 'admin'], render: (p) => <ExposureDetailPage id={p.id ?? ''} /> },
  { path: '/campaigns', roles: ['admin', 'ict_officer', 'venue_manager'], nav: 'nav_campaigns', render: () => <CampaignsPage /> },
  { path: '/campaigns/:id', roles: ['admin', 'ict_officer'], render: (p) => <CampaignPage id={p.id ?? ''} /> },
  { path: '/campaigns/:id/venues/:venueId', roles: ['admin', 'ict_officer', 'venue_manager'], render: (p) => <CampaignVenuePage id={p.id ?? ''} venueId={p.venueId ?? ''} /> },
  { path: '/password', roles: ALL, nav: 'nav_password', render: () => <PasswordPage /> },
];

export function pagesFor(role: Role): PageDef[] {
  return PAGES.filter((p) => p.roles.includes(role));
}
