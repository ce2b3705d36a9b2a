// The numbered migrations, in order. One folder for both databases (style.md habit 3).
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-venue-days.js';
import * as m003 from './003-gaen-counts-only.js';
import * as m005 from './005-exposure-lifecycle.js';
import * as m007 from './007-report-campaigns.js';
import * as m004 from './004-security.js';
import * as m006 from './006-areas.js';
import * as m008 from './008-feed-key-files.js';
import * as m010 from './010-venue-staff-figures.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-venue-days': m002,
  '003-gaen-counts-only': m003,
  '005-exposure-lifecycle': m005,
  '007-report-campaigns': m007,
  '004-security': m004,
  '006-areas': m006,
  '008-feed-key-files': m008,
  '010-venue-staff-figures': m010,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
