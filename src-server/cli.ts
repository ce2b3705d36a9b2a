// Key server admin CLI: `node dist/src-server/cli.js <command> [options]`.
// Commands: create-admin, register-venue, issue-enrollment, rotate-feed-key, import-areas, migrate, purge,
// revoke-user, revoke-kiosk, end-sessions, dev-setup. With --json each prints exactly one JSON object on stdout.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { createServices } from './services.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, createAdmin, devSetup, endSessions, importAreas, issueCode, migrate, purge, registerVenue, revokeKiosk, revokeUser, rotateFeedKey } from './cli-commands.js';

const USAGE = `usage: cli.js <command> [--json]
  create-admin --username U --password P
  register-venue --name N --kind K --province P --district D --ward W
  issue-enrollment --venue ID [--ttl-hours 24]
  rotate-feed-key
  import-areas --file F.csv     (administrative units; replaces the current list)
  migrate
  purge
  revoke-user --username U      (disables the account and ends its sessions)
  revoke-kiosk --kiosk ID       (its signatures are refused from now on)
  end-sessions --username U     (logs the user out everywhere)
  dev-setup [--password P]      (admin "admin", demo venue, fresh enrollment code, sample areas,
                                demo-health / demo-ict / demo-venue with the same password;
                                password also from BZ_DEV_ADMIN_PASSWORD, default ${'bluezone-dev-admin'})`;

const DEV_DEFAULT_PASSWORD = 'bluezone-dev-admin';
/** The sample administrative units shipped for the demo (repository root = the launcher's cwd). */
const SAMPLE_AREAS = resolve('assets/areas/vn-areas-sample.csv');

function need(v: string | undefined, name: string): string {
  if (v === undefined || v === '') throw new CliError('argument_missing', `--${name} is required`);
  return v;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      province: { type: 'string' },
      district: { type: 'string' },
      ward: { type: 'string' },
      venue: { type: 'string' },
      kiosk: { type: 'string' },
      'ttl-hours': { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const print = (obj: object) => {
    process.stdout.write(values.json ? `${JSON.stringify(obj)}\n` : `${Object.entries(obj).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('\n')}\n`);
  };
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const s = createServices(config, database);
    if (command !== 'migrate') await migrateToLatest(database, s.feedKeys);
    switch (command) {
      case 'create-admin':
        print(await createAdmin(s, need(values.username, 'username'), need(values.password, 'password')));
        break;
      case 'register-venue':
        print(
          await registerVenue(s, {
            name: need(values.name, 'name'),
            kind: need(values.kind, 'kind'),
            province: need(values.province, 'province'),
            district: need(values.district, 'district'),
            ward: need(values.ward, 'ward'),
          }),
        );
        break;
      case 'issue-enrollment':
        print(await issueCode(s, need(values.venue, 'venue'), Number(values['ttl-hours'] ?? '24')));
        break;
      case 'import-areas':
        print(await importAreas(s, await readFile(need(values.file, 'file'), 'utf8')));
        break;
      case 'rotate-feed-key':
        print(await rotateFeedKey(s));
        break;
      case 'migrate':
        print(await migrate(s));
        break;
      case 'purge':
        print(await purge(s));
        break;
      case 'revoke-user':
        print(await revokeUser(s, need(values.username, 'username')));
        break;
      case 'revoke-kiosk':
        print(await revokeKiosk(s, need(values.kiosk, 'kiosk')));
        break;
      case 'end-sessions':
        print(await endSessions(s, need(values.username, 'username')));
        break;
      case 'dev-setup':
        print(await devSetup(s, values.password ?? config.devAdminPassword ?? DEV_DEFAULT_PASSWORD, await readFile(SAMPLE_AREAS, 'utf8').catch(() => undefined)));
        break;
      default:
        throw new CliError('unknown_command', `unknown command ${command}\n${USAGE}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError || err instanceof ConfigError) {
      const code = err instanceof CliError ? err.code : 'config_invalid';
      process.stderr.write(`error (${code}): ${err.message}\n`);
      if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code, message: err.message } })}\n`);
      process.exit(2);
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
