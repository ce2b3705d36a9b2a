// test/vm/fpm-dpkg.mjs stands in for fpm (which electron-builder downloads from GitHub) so
// the VM test can install a real kiosk window .deb: given the arguments electron-builder
// passes to fpm, it must write a package dpkg accepts, with those control fields, the
// maintainer scripts and the mapped files owned by root -- and refuse what it does not know.
// test/vm/window-deb.sh, which pi-vm.sh runs, builds the window's .deb with it end to end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const FPM = join(root, 'test/vm/fpm-dpkg.mjs');
const hasDpkgDeb = spawnSync('dpkg-deb', ['--version']).status === 0;
const MAINTAINER = 'Sở Y tế Thử nghiệm <kiosk-support@test.invalid>';
const POSTINST = "#!/bin/bash\nln -sf '/opt/Bluezone Kiosk/bluezone-kiosk' /usr/bin/bluezone-kiosk\n";
const POSTRM = "#!/bin/bash\nrm -f /usr/bin/bluezone-kiosk\n";

let dir: string;
const dpkgDeb = (...args: string[]) => spawnSync('dpkg-deb', args, { encoding: 'utf8' });
const field = (deb: string, name: string) => dpkgDeb('-f', deb, name).stdout.trim();

/** The argument list electron-builder 26 passes to fpm for a deb (FpmTarget.executeFpm). */
const builderArgs = (out: string, extra: string[] = []) => [
  '-s', 'dir', '--force', '-t', 'deb',
  '-d', 'libgtk-3-0', '-d', 'libasound2 | libasound2t64', '--deb-recommends', 'libappindicator3-1', '--deb-compression', 'xz',
  '--architecture', 'arm64', '--after-install', join(dir, 'after-install.tpl'), '--after-remove', join(dir, 'after-remove.tpl'),
  '--description', 'Venue check-in kiosk screen\n Full-screen kiosk window.', '--version', '0.1.0', '--package', out,
  '--name', 'bluezone-kiosk', '--maintainer', MAINTAINER, '--vendor', MAINTAINER, '--url', 'https://www.bluezone.gov.vn',
  '--deb-priority', 'optional', '--license', 'UNLICENSED', ...extra,
  `${join(dir, 'app')}/=/opt/Bluezone Kiosk`, `${join(dir, 'kiosk.desktop')}=/usr/share/applications/bluezone-kiosk.desktop`,
];
const fpm = (args: string[]) => spawnSync(process.execPath, [FPM, ...args], { encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bz-fpm-dpkg-'));
  mkdirSync(join(dir, 'app/resources'), { recursive: true });
  writeFileSync(join(dir, 'app/bluezone-kiosk'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  writeFileSync(join(dir, 'app/resources/app.asar'), 'asar');
  writeFileSync(join(dir, 'kiosk.desktop'), '[Desktop Entry]\nName=Bluezone Kiosk\n');
  writeFileSync(join(dir, 'after-install.tpl'), POSTINST);
  writeFileSync(join(dir, 'after-remove.tpl'), POSTRM);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasDpkgDeb)('fpm-dpkg: electron-builder\'s fpm arguments to a real .deb (dpkg-deb)', () => {
  it('writes a package with the control fields it was given', () => {
    const deb = join(dir, 'out/bluezone-kiosk_0.1.0_arm64.deb');
    const r = fpm(builderArgs(deb));
    expect(r.status, r.stderr).toBe(0);
    expect(field(deb, 'Package')).toBe('bluezone-kiosk');
    expect(field(deb, 'Version')).toBe('0.1.0');
    expect(field(deb, 'Architecture')).toBe('arm64');
    expect(field(deb, 'Maintainer')).toBe(MAINTAINER);
    expect(field(deb, 'Depends')).toBe('libgtk-3-0, libasound2 | libasound2t64');
    expect(field(deb, 'Recommends')).toBe('libappindicator3-1');
    expect(field(deb, 'Homepage')).toBe('https://www.bluezone.gov.vn');
    expect(field(deb, 'Description')).toBe('Venue check-in kiosk screen\n Full-screen kiosk window.');
    expect(Number(field(deb, 'Installed-Size'))).toBeGreaterThan(0);
  });

  it('maps folders and files, owned by root, modes kept', () => {
    const deb = join(dir, 'out/bluezone-kiosk_0.1.0_arm64.deb');
    const list = dpkgDeb('-c', deb).stdout.split('\n').filter(Boolean);
    const entry = (path: string) => list.find((l) => l.endsWith(` .${path}`));
    expect(entry('/opt/Bluezone Kiosk/bluezone-kiosk')).toMatch(/^-rwxr-xr-x root\/root /);
    expect(entry('/opt/Bluezone Kiosk/resources/app.asar')).toMatch(/^-rw-r--r-- root\/root /);
    expect(entry('/usr/share/applications/bluezone-kiosk.desktop')).toMatch(/^-rw-r--r-- root\/root /);
    expect(list.every((l) => / root\/root /.test(l))).toBe(true);
  });

  it('makes --after-install the postinst and --after-remove the postrm, executable', () => {
    const deb = join(dir, 'out/bluezone-kiosk_0.1.0_arm64.deb');
    const ctrl = join(dir, 'ctrl');
    expect(dpkgDeb('--control', deb, ctrl).status).toBe(0);
    expect(readFileSync(join(ctrl, 'postinst'), 'utf8')).toBe(POSTINST);
    expect(readFileSync(join(ctrl, 'postrm'), 'utf8')).toBe(POSTRM);
    expect(dpkgDeb('-I', deb).stdout).toMatch(/\*\s+postinst/);
  });

  it('refuses an option it does not know instead of dropping it, and writes nothing', () => {
    const deb = join(dir, 'out2/unknown.deb');
    const r = fpm(builderArgs(deb, ['--deb-systemd', 'x.service']));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('fpm-dpkg: unknown argument "--deb-systemd"');
    expect(existsSync(deb)).toBe(false);
  });

  it('fails like fpm when a mapped file does not exist', () => {
    const deb = join(dir, 'out3/missing.deb');
    const r = fpm([...builderArgs(deb), `${join(dir, 'nope')}=/usr/share/x`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('File not found');
    expect(existsSync(deb)).toBe(false);
  });
});

describe.skipIf(!hasDpkgDeb || !existsSync(join(root, 'dist/src-main/shell/main.js')))('test/vm/window-deb.sh (the VM test\'s window package)', () => {
  it('builds the arm64 .deb with electron-builder offline: the stand-in Electron as bluezone-kiosk, Depends from electron-builder.yml', () => {
    const r = spawnSync('bash', [join(root, 'test/vm/window-deb.sh'), 'arm64', join(dir, 'window')], { encoding: 'utf8', timeout: 170_000 });
    expect(r.status, r.stderr).toBe(0);
    const deb = r.stdout.trim();
    expect(deb).toMatch(/bluezone-kiosk_\d+\.\d+\.\d+_arm64\.deb$/);
    expect(field(deb, 'Architecture')).toBe('arm64');
    expect(field(deb, 'Depends')).toContain('libasound2 | libasound2t64');
    const list = dpkgDeb('-c', deb).stdout;
    expect(list).toMatch(/-rwxr-xr-x root\/root .* \.\/opt\/Bluezone Kiosk\/bluezone-kiosk\n/);
    expect(list).toContain('./opt/Bluezone Kiosk/resources/app.asar');
    const bin = join(dir, 'x');
    expect(dpkgDeb('-x', deb, bin).status).toBe(0);
    expect(readFileSync(join(bin, 'opt/Bluezone Kiosk/bluezone-kiosk'), 'utf8')).toContain('STAND-IN for the Electron binary');
  }, 180_000);
});
