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
import { InstallRatePage } from './pages/install-rate-page.js';
import { FleetPage } from './pages/fleet-page.js';
import { MyVenuesPage } from './pages/my-venues-page.js';
import { VenueReportPage } from './pages/venue-report-page.js';
import { AdminUsersPage } from './pages/admin-users-page.js';
import { AdminVenuesPage } from './pages/admin-venues-page.js';
import { AuditPage } from './pages/audit-page.js';
import { FeedKeysPage } from './pages/feed-keys-page.js';

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
  { path: '/install-rate', roles: ['ict_officer', 'admin'], nav: 'nav_install', render: () => <InstallRatePage /> },
  { path: '/fleet', roles: ['ict_officer', 'admin', 'venue_manager'], nav: 'nav_fleet', render: () => <FleetPage /> },
  { path: '/my-venues', roles: ['venue_manager', 'ict_officer'], nav: 'nav_my_venues', render: () => <MyVenuesPage /> },
  { path: '/venues/:id', roles: ['venue_manager', 'ict_officer', 'admin'], render: (p) => <VenueReportPage id={p.id ?? ''} /> },
  { path: '/admin/users', roles: ['admin'], nav: 'nav_users', render: () => <AdminUsersPage /> },
  { path: '/admin/venues', roles: ['admin'], nav: 'nav_venues', render: () => <AdminVenuesPage /> },
  { path: '/admin/audit', roles: ['admin'], nav: 'nav_audit', render: () => <AuditPage /> },
  { path: '/admin/feed-keys', roles: ['admin'], nav: 'nav_feed_keys', render: () => <FeedKeysPage /> },
  { path: '/password', roles: ALL, nav: 'nav_password', render: () => <PasswordPage /> },
];

export function pagesFor(role: Role): PageDef[] {
  return PAGES.filter((p) => p.roles.includes(role));
}
