// The numbered migrations, in order. One folder for both databases (style.md habit 3).
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-initial.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
