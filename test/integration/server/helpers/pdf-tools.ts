// poppler-utils on a PDF held in memory: its text (pdftotext -layout), its fonts (pdffonts)
// and its pages as PNG (pdftoppm). Installed by .ci/run; tests read what a person would see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withPdf<T>(pdf: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bz-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(pdf: Uint8Array): string {
  return withPdf(pdf, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
}

export function pdfFonts(pdf: Uint8Array): string {
  return withPdf(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
}

/** Renders every page at `dpi` into `outDir` as `<prefix>-<n>.png`; returns the files written. */
export function pdfToPngs(pdf: Uint8Array, outDir: string, prefix: string, dpi = 110): string[] {
  mkdirSync(outDir, { recursive: true });
  return withPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f, i) => {
        const target = join(outDir, `${prefix}-${i + 1}.png`);
        copyFileSync(join(dir, f), target);
        return target;
      });
  });
}

/** The text with every run of whitespace as one space: sentences survive line wrapping. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}
