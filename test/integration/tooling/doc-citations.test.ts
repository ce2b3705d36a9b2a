// Comments cite design notes that exist: every `docs/<file>.md §N` named in the code is a file
// of this repository with that section, and no comment cites a note kept outside it.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DIRS = ['shared', 'src-main', 'src-server', 'src-renderer', 'test'];

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(ts|tsx|mjs|sql|md)$/.test(e.name)) yield p;
  }
}

/** Headings "## 5." / "### 5.2", and numbered items "2. …" under "## 5." (as §5.2). */
function sectionsOf(doc: string): Set<string> {
  const out = new Set<string>();
  let top: string | null = null;
  for (const line of doc.split('\n')) {
    const h = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
    if (h) {
      out.add(h[1]!);
      if (line.startsWith('## ')) top = h[1]!;
      continue;
    }
    const item = /^(\d+)\. /.exec(line);
    if (item && top !== null) out.add(`${top}.${item[1]}`);
  }
  return out;
}

describe('design notes cited in code', () => {
  it('exist, with the cited sections', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of DIRS.flatMap((d) => [...sources(join(ROOT, d))])) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      if (/(?<![\w/])(bluezone-protocol|architecture)\.md/.test(text)) missing.push(`${where}: cites a note by a bare name`);
      for (const m of text.matchAll(/docs\/([a-z-]+\.md)((?:[ ,]+§\d+(?:\.\d+)?(?:–§\d+(?:\.\d+)?)?)*)/g)) {
        cited += 1;
        const doc = join(ROOT, 'docs', m[1]!);
        if (!existsSync(doc)) {
          missing.push(`${where}: docs/${m[1]} does not exist`);
          continue;
        }
        const have = sectionsOf(readFileSync(doc, 'utf8'));
        for (const s of m[2]!.matchAll(/§(\d+(?:\.\d+)?)/g)) if (!have.has(s[1]!)) missing.push(`${where}: docs/${m[1]} has no §${s[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(cited).toBeGreaterThan(20);
  });
});
