// `npm run dist` packages the kiosk window. Electron and fpm cannot be downloaded here, so
// this builds the x64 .deb through electron-builder with a stand-in Electron folder and a
// recording fpm (CUSTOM_FPM_PATH): the package's control fields are exactly the options
// electron-builder passes to fpm, and its contents are the folder it hands over.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; homepage?: string; author?: { name: string; email?: string } };
// What `npm run dist` passes from BZ_DEB_MAINTAINER (the shipper's name and address).
const MAINTAINER = 'Sở Y tế Thử nghiệm <kiosk-support@test.invalid>';
// electron-builder's own default Depends, which a `deb.depends` list replaces.
const BUILDER_DEFAULT_DEPENDS = ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'];

interface FpmCall {
  args: string[];
  files: string[];
}

let dir: string;
let call: FpmCall;
let builder: ReturnType<typeof spawnSync>;

const option = (args: string[], name: string): string[] => args.flatMap((a, i) => (a === name ? [args[i + 1]!] : []));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bz-deb-'));
  const electron = join(dir, 'electron');
  mkdirSync(join(electron, 'resources'), { recursive: true });
  writeFileSync(join(electron, 'electron'), '#!/bin/sh\necho stand-in electron\n', { mode: 0o755 });
  writeFileSync(join(electron, 'LICENSE'), 'stand-in\n');
  writeFileSync(join(electron, 'version'), '40.8.5');
  // The recording fpm: keeps its arguments and the files of the folder it is given, and
  // writes the package file electron-builder expects.
  const fpm = join(dir, 'fpm');
  writeFileSync(
    fpm,
    `#!/usr/bin/env node
const fs = require('node:fs'), path = require('node:path');
const args = process.argv.slice(2);
const files = [];
const walk = (d, rel) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const r = rel + '/' + e.name; if (e.isDirectory()) walk(path.join(d, e.name), r); else files.push(r); } };
for (const a of args) {
  const m = /^(.*)=(.*)$/.exec(a);
  if (!m || !fs.existsSync(m[1])) continue;
  if (fs.statSync(m[1]).isDirectory()) walk(m[1], m[2].replace(/\\/$/, '')); else files.push(m[2]);
}
fs.writeFileSync(${JSON.stringify(join(dir, 'fpm-call.json'))}, JSON.stringify({ args, files }));
const out = args[args.indexOf('--package') + 1];
fs.writeFileSync(out, 'deb');
`,
  );
  chmodSync(fpm, 0o755);
  builder = spawnSync(
    join(root, 'node_modules/.bin/electron-builder'),
    ['--config', 'electron-builder.yml', '--linux', 'deb', '--x64', `-c.electronDist=${electron}`, `-c.directories.output=${join(dir, 'out')}`, `-c.linux.maintainer=${MAINTAINER}`, '--publish', 'never'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CUSTOM_FPM_PATH: fpm, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeout: 170_000 },
  );
  try {
    call = JSON.parse(readFileSync(join(dir, 'fpm-call.json'), 'utf8')) as FpmCall;
  } catch {
    call = { args: [], files: [] };
  }
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the kiosk window .deb (electron-builder, x64, stand-in Electron)', () => {
  it('builds', () => {
    expect(builder.status, `${String(builder.stdout)}\n${String(builder.stderr)}`).toBe(0);
    expect(option(call.args, '-t')).toEqual(['deb']);
  });

  it('has complete control fields: name, version, maintainer with email, homepage, description, architecture', () => {
    expect(option(call.args, '--name')).toEqual(['bluezone-kiosk']);
    expect(option(call.args, '--version')).toEqual([pkg.version]);
    expect(option(call.args, '--maintainer')).toEqual([MAINTAINER]);
    // No placeholder address in the project: the shipper's goes in at build time.
    expect(pkg.author!.email).toBeUndefined();
    expect(option(call.args, '--url')).toEqual([pkg.homepage]);
    expect(option(call.args, '--description')[0]).toContain('kiosk');
    expect(option(call.args, '--architecture')).toEqual(['amd64']);
  });

  it("keeps electron-builder's default Depends and adds what the window needs on Raspberry Pi OS", () => {
    const depends = option(call.args, '-d');
    expect(depends).toEqual(expect.arrayContaining(BUILDER_DEFAULT_DEPENDS));
    expect(depends).toEqual(expect.arrayContaining(['libasound2 | libasound2t64', 'libgbm1', 'fonts-noto-core']));
  });

  it('carries the Electron shell only: the app archive, no node_modules and no core', () => {
    expect(call.files).toContain('/opt/Bluezone Kiosk/bluezone-kiosk');
    expect(call.files).toContain('/opt/Bluezone Kiosk/resources/app.asar');
    expect(call.files.some((f) => f.startsWith('/usr/share/applications/') && f.endsWith('.desktop'))).toBe(true);
    expect(call.files.some((f) => f.includes('/node_modules/'))).toBe(false);
    const asar = spawnSync(join(root, 'node_modules/.bin/asar'), ['list', join(dir, 'out/linux-unpacked/resources/app.asar')], { encoding: 'utf8' });
    const entries = asar.status === 0 ? asar.stdout.split('\n') : [];
    expect(entries).toContain('/dist/src-main/shell/main.js');
    expect(entries.some((e) => e.startsWith('/dist/src-main/core'))).toBe(false);
    expect(entries.some((e) => e.startsWith('/node_modules'))).toBe(false);
  });
});

describe('npm run dist without an Electron distribution', () => {
  it('says in one line per item what is missing, with no stack trace, and builds nothing', () => {
    const env: Record<string, string | undefined> = { ...process.env, PATH: '/usr/bin:/bin', BZ_ELECTRON_DIST: join(dir ?? tmpdir(), 'no-such-folder') };
    delete env['CUSTOM_FPM_PATH'];
    delete env['APPIMAGE_TOOLS_PATH'];
    delete env['BZ_DEB_MAINTAINER'];
    const r = spawnSync(process.execPath, [join(root, 'assets/deploy/dist.mjs')], { cwd: root, encoding: 'utf8', env });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.every((l) => l.startsWith('dist: missing '))).toBe(true);
    expect(lines.some((l) => l.includes('electron-v40.8.5-linux-arm64.zip'))).toBe(true);
    expect(lines.some((l) => l.includes('electron-v40.8.5-linux-armv7l.zip'))).toBe(true);
    expect(lines.some((l) => l.includes('fpm'))).toBe(true);
    expect(lines.some((l) => l.includes('BZ_DEB_MAINTAINER'))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
