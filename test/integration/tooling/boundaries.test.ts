// The layer rules of style.md are enforced by lint: a wrong import must fail `npm test`.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  it.each([
    ['shared/protocol/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['shared/domain/x.ts', "import { x } from '../../src-main/core/ports.js';\nexport const y = x;\n"],
    ['src-renderer/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-renderer/x.ts', "import { x } from '../src-main/core/ports.js';\nexport const y = x;\n"],
    ['src-renderer/x.ts', "import { createHash } from 'crypto';\nexport const h = createHash;\n"],
    ['src-main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/core/x.ts', "import { x } from '../../src-server/app.js';\nexport const y = x;\n"],
    ['src-main/core/engine/x.ts', "import noble from '@abandonware/noble';\nexport const n = noble;\n"],
    ['src-main/shell/x.ts', "import { x } from '../core/ports.js';\nexport const y = x;\n"],
    ['src-server/x.ts', "import { x } from '../src-main/core/ports.js';\nexport const y = x;\n"],
  ])('%s: rejects a forbidden import', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it('rejects a static import of noble even inside the radio adapter', async () => {
    const ids = await ruleIds('src-main/core/radio/noble/x.ts', "import noble from '@abandonware/noble';\nexport const n = noble;\n");
    expect(ids).toContain('no-restricted-syntax');
  });

  it.each([
    ['shared/domain/x.ts', "import { toHex } from '../hex.js';\nexport const t = toHex;\n"],
    ['src-main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['src-main/core/radio/noble/x.ts', "export async function load(): Promise<unknown> {\n  return import('@abandonware/noble');\n}\n"],
    ['src-renderer/x.ts', "import { toHex } from '../shared/hex.js';\nexport const t = toHex;\n"],
  ])('%s: allows an import within the rules', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });
});
