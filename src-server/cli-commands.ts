// Admin commands behind `node dist/src-server/cli.js <command>`. Each returns a plain object
// that the CLI prints (as one JSON object with --json, the launcher parses it).
import type { Services } from './services.js';
import { passwordProblem } from './auth/password.js';
import { issueEnrollmentCode } from './enrollment.js';
import { migrateToLatest } from './db/database.js';
import { VENUE_KINDS, type VenueKind } from '../shared/domain/types.js';
import { parseAreasCsv } from './areas/areas-csv.js';

export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEMO_VENUE = { name: 'Quán Cà Phê Hoa Sen', kind: 'restaurant', province: 'Hà Nội', district: 'Hoàn Kiếm', ward: 'Hàng Bạc' } as const;

export async function createAdmin(s: Services, username: string, password: string, resetIfExists = false): Promise<{ user_id: string; username: string; created: boolean }> {
  const problem = passwordProblem(password);
  if (problem) throw new CliError('password_weak', problem);
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) throw new CliError('username_invalid', 'username: 3–64 of A-Z a-z 0-9 . _ -');
  const existing = await s.users.findByUsername(username);
  if (existing) {
    if (!resetIfExists) throw new CliError('username_taken', `user ${username} already exists`);
    if (existing.role !== 'admin') throw new CliError('username_taken', `user ${username} exists and is not an admin`);
    await s.users.setPassword(existing.id, await s.passwords.hash(password));
    return { user_id: existing.id, username, created: false };
  }
  const id = await s.users.create({ username, passwordHash: await s.passwords.hash(password), role: 'admin', province: null, venueIds: [] }, s.now());
  return { user_id: id, username, created: true };
}

/** Replaces the administrative units with those of a CSV file (see areas/areas-csv.ts); all or nothing. */
export async function importAreas(s: Services, csvText: string) {
  const { rows, problems } = parseAreasCsv(csvText);
  if (problems.length > 0) {
    throw new CliError('areas_invalid', `${problems.length} problem(s), nothing imported:\n${problems.slice(0, 50).map((p) => `  line ${p.line}: ${p.code}: ${p.message}`).join('\n')}`);
  }
  if (rows.length === 0) throw new CliError('areas_invalid', 'the file has no units');
  await s.areas.replaceAll(rows, s.now());
  const count = (level: string) => rows.filter((r) => r.level === level).length;
  return { provinces: count('province'), districts: count('district'), wards: count('ward') };
}

export async function registerVenue(s: Services, raw: { name: string; kind: string; province: string; district: string; ward: string }) {
  const v = { name: raw.name.normalize('NFC'), kind: raw.kind, province: raw.province.normalize('NFC'), district: raw.district.normalize('NFC'), ward: raw.ward.normalize('NFC') };
  if (!(VENUE_KINDS as readonly string[]).includes(v.kind)) throw new CliError('kind_invalid', `--kind must be one of ${VENUE_KINDS.join(', ')}`);
  for (const [k, val] of Object.entries(v)) {
    // A two-level province (2025 reorganisation) has no district: --district '' is allowed.
    if ((val.trim() === '' && k !== 'district') || val.length > 200) throw new CliError('argument_invalid', `--${k} must be 1–200 characters`);
  }
  const row = await s.venues.create({ ...v, kind: v.kind as VenueKind }, s.now());
  return { venue_id: row.id, name: row.name };
}

export async function issueCode(s: Services, venueId: string, ttlHours: number) {
  if (!(await s.venues.get(venueId))) throw new CliError('venue_not_found', `no venue ${venueId}`);
  if (!Number.isInteger(ttlHours) || ttlHours < 1 || ttlHours > 24 * 14) throw new CliError('argument_invalid', '--ttl-hours must be 1…336');
  const c = await issueEnrollmentCode(s.venues, venueId, ttlHours, s.now());
  return { venue_id: venueId, enrollment_code: c.code, expires_at: c.expires_at };
}

export async function rotateFeedKey(s: Services) {
  const k = await s.publisher.rotateKey();
  return { key_id: k.id, public_key: k.public_key };
}

/** Audit entries written by the CLI name it as the actor: whoever runs it has the database. */
const CLI_ACTOR = { id: 'cli', username: 'cli' } as const;

async function userByName(s: Services, username: string) {
  const u = await s.users.findByUsername(username);
  if (!u) throw new CliError('user_not_found', `no user ${username}`);
  return u;
}

export async function revokeUser(s: Services, username: string) {
  const u = await userByName(s, username);
  const sessions = await s.users.endSessions(u.id);
  await s.users.update(u.id, { disabled: true }, s.now());
  await s.audit.write(CLI_ACTOR, 'user.disable', u.id, { via: 'cli' }, s.now());
  return { user_id: u.id, username, disabled: true, sessions_ended: sessions };
}

export async function endSessions(s: Services, username: string) {
  const u = await userByName(s, username);
  const sessions = await s.users.endSessions(u.id);
  await s.audit.write(CLI_ACTOR, 'user.end_sessions', u.id, { via: 'cli', sessions }, s.now());
  return { user_id: u.id, username, sessions_ended: sessions };
}

export async function revokeKiosk(s: Services, kioskId: string) {
  if (!(await s.kiosks.revoke(kioskId, s.now()))) throw new CliError('kiosk_not_found', `no kiosk ${kioskId}`);
  await s.audit.write(CLI_ACTOR, 'kiosk.revoke', kioskId, { via: 'cli' }, s.now());
  return { kiosk_id: kioskId, revoked: true };
}

export async function migrate(s: Services) {
  return { applied: await migrateToLatest(s.database, s.feedKeys) };
}

export async function purge(s: Services) {
  return s.retention.purge(s.now(), s.config.retentionDays, s.config.auditRetentionDays);
}

/** Demo accounts for `npm start`: one per role that has no account yet, all scoped to the demo venue. */
export const DEMO_USERS = [
  { username: 'demo-health', role: 'health_official' },
  { username: 'demo-ict', role: 'ict_officer' },
  { username: 'demo-venue', role: 'venue_manager' },
] as const;

/**
 * Idempotent development setup for the launcher: admin, demo venue, fresh enrollment code,
 * the sample administrative units when none are imported, and a demo health official, ICT
 * officer and venue manager (password reset to the dev password on every run).
 */
export async function devSetup(s: Services, password: string, sampleAreasCsv?: string) {
  await migrateToLatest(s.database, s.feedKeys);
  const admin = await createAdmin(s, 'admin', password, true);
  if (sampleAreasCsv !== undefined && (await s.areas.count()) === 0) await importAreas(s, sampleAreasCsv);
  const venue = (await s.venues.findByName(DEMO_VENUE.name)) ?? (await s.venues.create(DEMO_VENUE, s.now()));
  const code = await issueEnrollmentCode(s.venues, venue.id, 24, s.now());
  const hash = await s.passwords.hash(password);
  const demo: { username: string; role: string }[] = [];
  for (const u of DEMO_USERS) {
    const existing = await s.users.findByUsername(u.username);
    if (existing) await s.users.setPassword(existing.id, hash);
    else {
      const scoped = u.role !== 'venue_manager';
      await s.users.create({ username: u.username, passwordHash: hash, role: u.role, province: scoped ? venue.province : null, venueIds: scoped ? [] : [venue.id] }, s.now());
    }
    demo.push({ username: u.username, role: u.role });
  }
  return { venue_id: venue.id, enrollment_code: code.code, expires_at: code.expires_at, admin_username: admin.username, demo_users: demo };
}
