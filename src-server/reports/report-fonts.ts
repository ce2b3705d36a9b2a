// The bundled Be Vietnam Pro TTFs (assets/fonts/, SIL Open Font License): full Vietnamese
// coverage in one file per style, which PDF embedding needs (the renderer's web fonts are
// split by Unicode range). Found by walking up from this module, so the same code works from
// the sources (tsx) and from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReportFontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
}

const FILES = { regular: 'BeVietnamPro-Regular.ttf', bold: 'BeVietnamPro-Bold.ttf', italic: 'BeVietnamPro-Italic.ttf' } as const;

export class ReportFontError extends Error {
  readonly code = 'report_font_missing';
}

function findFontDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'assets', 'fonts');
    if (existsSync(join(candidate, FILES.regular))) return candidate;
    dir = dirname(dir);
  }
  throw new ReportFontError(`assets/fonts/${FILES.regular} not found above ${fileURLToPath(import.meta.url)}; the PDF reports need the bundled fonts`);
}

let cached: ReportFontFiles | null = null;

/** Read once per process: about 400 KB, used by every PDF. */
export function reportFonts(): ReportFontFiles {
  if (!cached) {
    const dir = findFontDir();
    cached = {
      regular: readFileSync(join(dir, FILES.regular)),
      bold: readFileSync(join(dir, FILES.bold)),
      italic: readFileSync(join(dir, FILES.italic)),
    };
  }
  return cached;
}
