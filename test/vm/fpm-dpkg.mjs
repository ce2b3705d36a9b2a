#!/usr/bin/env node
// A stand-in for fpm that builds a real .deb with dpkg-deb, for electron-builder's
// CUSTOM_FPM_PATH. electron-builder downloads fpm from GitHub, which these build machines
// cannot reach; this takes the arguments electron-builder passes to fpm for `-s dir -t deb`
// (test/integration/tooling/deb-package.test.ts records them) and writes the package they
// describe: control fields from --name, --version, --architecture, --maintainer, -d
// (Depends), --deb-recommends, --description, --url, --vendor, --license, --category,
// --deb-priority; --after-install and --after-remove as postinst and postrm; every
// `src=dest` mapping as the package's files (a `src/` folder's contents go under dest).
// Files are owned by root in the package (dpkg-deb --root-owner-group), so neither root nor
// fakeroot is needed. Anything else it is given stops it, so an option electron-builder
// starts passing is not silently dropped. Used by test/vm/window-deb.sh (npm run vm:pi).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const fail = (message) => {
  process.stderr.write(`fpm-dpkg: ${message}\n`);
  process.exit(1);
};

// Options that take a value, by the control field (or role) they fill.
const VALUED = new Set(['-s', '-t', '-d', '--depends', '--deb-recommends', '--deb-compression', '--architecture', '--after-install', '--after-remove',
  '--description', '--version', '--package', '--name', '--maintainer', '--vendor', '--url', '--category', '--deb-priority', '--license', '--iteration', '--log']);
const FLAGS = new Set(['--force', '--debug']);

function parseFpmArgs(argv) {
  const opts = { depends: [], recommends: [], mappings: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (FLAGS.has(a)) { opts[a.slice(2)] = true; continue; }
    if (VALUED.has(a)) {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      if (a === '-d' || a === '--depends') opts.depends.push(v);
      else if (a === '--deb-recommends') opts.recommends.push(v);
      else opts[a.replace(/^-+/, '')] = v;
      continue;
    }
    const m = /^([^=]+)=(.+)$/.exec(a);
    if (!m || a.startsWith('-')) fail(`unknown argument ${JSON.stringify(a)}`);
    opts.mappings.push({ src: m[1], dest: m[2] });
  }
  if (opts.s !== 'dir' || opts.t !== 'deb') fail(`only -s dir -t deb is supported (got -s ${opts.s} -t ${opts.t})`);
  for (const k of ['name', 'version', 'architecture', 'maintainer', 'package', 'description']) if (!opts[k]) fail(`--${k} is required`);
  return opts;
}

// A control field value on one line, or the Description's format: continuation lines
// start with a space, and an empty one is " .".
const oneLine = (k, v) => {
  if (/\n/.test(v)) fail(`--${k} must be one line`);
  return v;
};
const description = (text) => {
  const [first, ...rest] = text.split('\n');
  return [first.trim(), ...rest.map((l) => (l.trim() === '' ? ' .' : ` ${l.trim()}`))].join('\n');
};

const sizeKiB = (p) => {
  const s = statSync(p);
  if (!s.isDirectory()) return Math.ceil(s.size / 1024);
  return readdirSync(p).reduce((n, e) => n + sizeKiB(join(p, e)), 1);
};

function buildDeb(opts) {
  const stage = mkdtempSync(join(tmpdir(), 'fpm-dpkg-'));
  try {
    const root = join(stage, 'root');
    mkdirSync(join(root, 'DEBIAN'), { recursive: true, mode: 0o755 });
    for (const { src, dest } of opts.mappings) {
      if (!existsSync(src)) fail(`File not found: ${src}`);
      const target = join(root, dest);
      if (statSync(src).isDirectory()) {
        mkdirSync(target, { recursive: true });
        cpSync(src, target, { recursive: true, verbatimSymlinks: true });
      } else {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(src, target);
      }
    }
    // Folders as dpkg expects them (the build folder may have a restrictive umask).
    const fixDirs = (d) => { chmodSync(d, 0o755); for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) fixDirs(join(d, e.name)); };
    fixDirs(root);
    const version = opts.iteration ? `${opts.version}-${opts.iteration}` : opts.version;
    const fields = [
      ['Package', opts.name], ['Version', version], ['License', opts.license], ['Vendor', opts.vendor],
      ['Architecture', opts.architecture], ['Maintainer', opts.maintainer], ['Installed-Size', String(sizeKiB(root))],
      ['Depends', opts.depends.join(', ') || undefined], ['Recommends', opts.recommends.join(', ') || undefined],
      ['Section', opts.category ?? 'default'], ['Priority', opts['deb-priority'] ?? 'optional'], ['Homepage', opts.url],
    ];
    const control = fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}: ${oneLine(k, v)}`);
    control.push(`Description: ${description(opts.description)}`);
    writeFileSync(join(root, 'DEBIAN/control'), `${control.join('\n')}\n`);
    for (const [opt, script] of [['after-install', 'postinst'], ['after-remove', 'postrm']]) {
      if (!opts[opt]) continue;
      copyFileSync(opts[opt], join(root, 'DEBIAN', script));
      chmodSync(join(root, 'DEBIAN', script), 0o755);
    }
    if (existsSync(opts.package) && !opts.force) fail(`${opts.package} exists (fpm needs --force to overwrite it)`);
    rmSync(opts.package, { force: true });
    mkdirSync(dirname(opts.package), { recursive: true });
    const z = opts['deb-compression'] ?? 'xz';
    const r = spawnSync('dpkg-deb', ['--root-owner-group', `-Z${z}`, '--build', root, opts.package], { encoding: 'utf8' });
    if (r.error) fail(`dpkg-deb: ${r.error.message} (apt-get install dpkg)`);
    if (r.status !== 0) fail(`dpkg-deb failed: ${r.stderr.trim()}`);
    process.stdout.write(`{:timestamp=>"${new Date().toISOString()}", :message=>"Created package", :path=>"${opts.package}"}\n`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

buildDeb(parseFpmArgs(process.argv.slice(2)));
