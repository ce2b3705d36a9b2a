// The server's collaborators, built once per app from the database handle and config.
import type { ServerConfig } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { UsersRepo } from './repositories/users-repo.js';
import { VenuesRepo } from './repositories/venues-repo.js';
import { KiosksRepo } from './repositories/kiosks-repo.js';
import { BatchesRepo } from './repositories/batches-repo.js';
import { AuditRepo } from './repositories/audit-repo.js';
import { EncountersRepo } from './repositories/encounters-repo.js';
import { F0Repo } from './repositories/f0-repo.js';
import { ExposuresRepo } from './repositories/exposures-repo.js';
import { NoticesRepo } from './repositories/notices-repo.js';
import { FeedRepo } from './repositories/feed-repo.js';
import { StatsRepo } from './repositories/stats-repo.js';
import { RetentionRepo } from './repositories/retention-repo.js';
import { ReportDataRepo } from './repositories/report-data-repo.js';
import { CampaignsRepo } from './repositories/campaigns-repo.js';
import { StaffFiguresRepo } from './repositories/staff-figures-repo.js';
import { LoginThrottleRepo } from './repositories/login-throttle-repo.js';
import { AreasRepo } from './repositories/areas-repo.js';
import { KioskVerifier } from './auth/kiosk-signature.js';
import { PasswordHasher } from './auth/password.js';
import { ExposureEngine } from './exposure/exposure-engine.js';
import { FeedPublisher } from './feed/feed-publisher.js';
import { feedKeyStoreFor, type FeedKeyStore } from './feed/feed-key-store.js';
import { ExposureLifecycle } from './exposure/exposure-lifecycle.js';

export interface Services {
  readonly config: ServerConfig;
  readonly database: DatabaseHandle;
  readonly now: () => number;
  readonly users: UsersRepo;
  readonly venues: VenuesRepo;
  readonly kiosks: KiosksRepo;
  readonly batches: BatchesRepo;
  readonly audit: AuditRepo;
  readonly encounters: EncountersRepo;
  readonly f0: F0Repo;
  readonly exposures: ExposuresRepo;
  readonly notices: NoticesRepo;
  readonly feed: FeedRepo;
  /** The feed's private signing keys (files of their own). */
  readonly feedKeys: FeedKeyStore;
  readonly stats: StatsRepo;
  readonly retention: RetentionRepo;
  readonly reportData: ReportDataRepo;
  readonly campaigns: CampaignsRepo;
  readonly staffFigures: StaffFiguresRepo;
  readonly loginThrottle: LoginThrottleRepo;
  readonly passwords: PasswordHasher;
  readonly areas: AreasRepo;
  readonly kioskVerifier: KioskVerifier;
  readonly engine: ExposureEngine;
  readonly publisher: FeedPublisher;
  readonly lifecycle: ExposureLifecycle;
}

export function createServices(config: ServerConfig, database: DatabaseHandle, now: () => number = Date.now, passwords = new PasswordHasher()): Services {
  const db = database.db;
  const kiosks = new KiosksRepo(db);
  const f0 = new F0Repo(db);
  const exposures = new ExposuresRepo(db);
  const feed = new FeedRepo(db);
  const notices = new NoticesRepo(db);
  const feedKeys = feedKeyStoreFor(config.feedKeyDir);
  const publisher = new FeedPublisher(feed, feedKeys, config.feedDir, now);
  const lifecycle = new ExposureLifecycle(exposures, notices, feed, publisher, now);
  return {
    config,
    database,
    now,
    users: new UsersRepo(db),
    venues: new VenuesRepo(db),
    kiosks,
    batches: new BatchesRepo(db),
    audit: new AuditRepo(db),
    encounters: new EncountersRepo(db),
    f0,
    exposures,
    notices,
    feed,
    feedKeys,
    stats: new StatsRepo(db),
    retention: new RetentionRepo(db),
    reportData: new ReportDataRepo(db),
    campaigns: new CampaignsRepo(db),
    staffFigures: new StaffFiguresRepo(db),
    loginThrottle: new LoginThrottleRepo(db),
    passwords,
    areas: new AreasRepo(db),
    kioskVerifier: new KioskVerifier(kiosks, now),
    engine: new ExposureEngine(db, f0, now, (caseId) => lifecycle.refreshCase(caseId)),
    publisher,
    lifecycle,
  };
}
