#!/usr/bin/env node
// `npm run dist`: the kiosk window's .deb and AppImage for Raspberry Pi OS (arm64, armv7l)
// with electron-builder, from files supplied offline -- nothing is downloaded:
//   BZ_ELECTRON_DIST  a folder holding electron-v<version>-linux-<arch>.zip for each arch
//                     (the zips of Electron's GitHub release, same version as package.json)
//   fpm               electron-builder builds .deb with fpm: `gem install fpm` puts it on PATH
//                     (or CUSTOM_FPM_PATH=/path/to/fpm)
//   APPIMAGE_TOOLS_PATH  the unpacked electron-builder-binaries appimage tools, for AppImage
//   BZ_DEB_MAINTAINER "Organisation <address>": the .deb's Maintainer field. It names whoever
//                     ships and supports the kiosks (the health department or its
//                     contractor), so the project does not fix one: package.json's author
//                     has no address, and the .deb is not built without this.
// BZ_DIST_ARCH (default "arm64 armv7l") and BZ_DIST_TARGETS (default "deb AppImage") narrow
// the build. What is missing is said in one line per item, before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const env = process.env;
const archs = (env.BZ_DIST_ARCH ?? 'arm64 armv7l').split(/\s+/).filter(Boolean);
const targets = (env.BZ_DIST_TARGETS ?? 'deb AppImage').split(/\s+/).filter(Boolean);
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

const onPath = (cmd) => (env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)));
const missing = [];
const dist = env.BZ_ELECTRON_DIST ? resolve(env.BZ_ELECTRON_DIST) : null;
for (const arch of archs) {
  const zip = `electron-v${electronVersion}-linux-${arch}.zip`;
  if (!dist) missing.push(`Electron ${electronVersion} for linux-${arch}: put ${zip} in a folder and set BZ_ELECTRON_DIST=<folder>`);
  else if (!existsSync(join(dist, zip))) missing.push(`Electron ${electronVersion} for linux-${arch}: ${join(dist, zip)} not found`);
}
if (targets.includes('deb') && !env.CUSTOM_FPM_PATH && !onPath('fpm')) {
  missing.push('fpm, which builds the .deb: gem install fpm (or set CUSTOM_FPM_PATH)');
}
const maintainer = env.BZ_DEB_MAINTAINER?.trim() ?? '';
if (targets.includes('deb') && !/^[^<>\n]+ <[^<>@\s]+@[^<>@\s]+\.[A-Za-z]+>$/.test(maintainer)) {
  missing.push(`the .deb's maintainer: set BZ_DEB_MAINTAINER="Organisation <address>" (whoever ships and supports the kiosks)${maintainer ? `; got "${maintainer}"` : ''}`);
}
if (targets.includes('AppImage') && !env.APPIMAGE_TOOLS_PATH) {
  missing.push('AppImage tools: set APPIMAGE_TOOLS_PATH to the unpacked electron-builder-binaries appimage tools (or leave AppImage out: BZ_DIST_TARGETS=deb)');
}
if (missing.length > 0) {
  for (const m of missing) process.stderr.write(`dist: missing ${m}\n`);
  process.exit(2);
}

const run = (cmd, args, extraEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (env.BZ_DIST_NO_BUILD !== '1') run('npm', ['run', 'build']);
run(
  join(root, 'node_modules/.bin/electron-builder'),
  ['--config', 'electron-builder.yml', '--linux', ...targets, ...archs.map((a) => `--${a}`), `-c.electronDist=${dist}`, ...(maintainer ? [`-c.linux.maintainer=${maintainer}`] : []), '--publish', 'never'],
  { ...(env.CUSTOM_FPM_PATH ? {} : { USE_SYSTEM_FPM: 'true' }), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
);
