// A small flow layout over pdf-lib for A4 administrative documents: wrapped text blocks,
// side-by-side columns and ruled tables that continue on the next page with their header.
// pdf-lib writes the PDF objects; nothing here writes PDF syntax.
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { reportFonts } from './report-fonts.js';

// A4 in points; margins after Decree 30/2020/ND-CP: left 30 mm, right 15 mm, top/bottom 20 mm.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MM = 72 / 25.4;
export const MARGIN = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };
export const CONTENT_W = PAGE_W - MARGIN.left - MARGIN.right;

export type Style = 'regular' | 'bold' | 'italic';
export type Align = 'left' | 'center' | 'right';

export interface TextOptions {
  size?: number;
  style?: Style;
  align?: Align;
  /** Left edge relative to the content box, and width of the box the text wraps in. */
  x?: number;
  width?: number;
  /** Indent of the first line (body paragraphs). */
  indent?: number;
  lineGap?: number;
}

export interface Column {
  title: string;
  /** Share of the table width. */
  weight: number;
  align?: Align;
}

export class PdfLayout {
  private page!: PDFPage;
  /** Distance from the top of the page to the next line's top. */
  private cursor = MARGIN.top;
  private readonly fonts: Record<Style, PDFFont>;
  /** Width at size 1 of each word seen, per style: pdf-lib shapes the text on every call. */
  private readonly wordWidths: Record<Style, Map<string, number>> = { regular: new Map(), bold: new Map(), italic: new Map() };

  private constructor(
    readonly doc: PDFDocument,
    fonts: Record<Style, PDFFont>,
  ) {
    this.fonts = fonts;
    this.newPage();
  }

  static async create(meta: { title: string; subject: string; createdAt: number }): Promise<PdfLayout> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const f = reportFonts();
    // subset: only the glyphs used are embedded (a few tens of KB instead of ~400 KB).
    const fonts = {
      regular: await doc.embedFont(f.regular, { subset: true }),
      bold: await doc.embedFont(f.bold, { subset: true }),
      italic: await doc.embedFont(f.italic, { subset: true }),
    };
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setProducer('Bluezone Kiosk key server (pdf-lib)');
    doc.setCreator('Bluezone Kiosk');
    doc.setLanguage('vi-VN');
    doc.setCreationDate(new Date(meta.createdAt));
    doc.setModificationDate(new Date(meta.createdAt));
    return new PdfLayout(doc, fonts);
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.cursor = MARGIN.top;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.cursor + height > PAGE_H - MARGIN.bottom) this.newPage();
  }

  space(points: number): void {
    this.cursor += points;
  }

  get y(): number {
    return this.cursor;
  }

  set y(v: number) {
    this.cursor = v;
  }

  /** Width of a line as the sum of its words and spaces (kerning across a space is nil). */
  measure(text: string, size: number, style: Style): number {
    const cache = this.wordWidths[style];
    const font = this.fonts[style];
    let w = 0;
    const words = text.split(' ');
    for (const word of words) {
      let ww = cache.get(word);
      if (ww === undefined) {
        ww = font.widthOfTextAtSize(word, 1);
        cache.set(word, ww);
      }
      w += ww;
    }
    let space = cache.get(' ');
    if (space === undefined) {
      space = font.widthOfTextAtSize(' ', 1);
      cache.set(' ', space);
    }
    return (w + space * (words.length - 1)) * size;
  }

  /** Splits text into lines that fit `width` at `size`, keeping words whole where they fit. */
  wrap(text: string, width: number, size: number, style: Style, indent = 0): string[] {
    const out: string[] = [];
    for (const para of text.split('\n')) {
      let lineText = '';
      let avail = width - indent;
      for (const word of para.split(/ +/)) {
        const next = lineText === '' ? word : `${lineText} ${word}`;
        if (this.measure(next, size, style) <= avail || lineText === '') {
          lineText = next;
        } else {
          out.push(lineText);
          lineText = word;
          avail = width;
        }
      }
      out.push(lineText);
    }
    return out;
  }

  /** Draws wrapped text at the cursor and moves the cursor below it; returns the height used. */
  text(text: string, o: TextOptions = {}): number {
    const size = o.size ?? 13;
    const style = o.style ?? 'regular';
    const font = this.fonts[style];
    const x0 = MARGIN.left + (o.x ?? 0);
    const width = o.width ?? CONTENT_W - (o.x ?? 0);
    const lead = size * 1.25 + (o.lineGap ?? 0);
    const lines = this.wrap(text, width, size, style, o.indent ?? 0);
    const start = this.cursor;
    lines.forEach((l, i) => {
      this.ensure(lead);
      const w = this.measure(l, size, style);
      const indent = i === 0 ? (o.indent ?? 0) : 0;
      const x = o.align === 'center' ? x0 + (width - w) / 2 : o.align === 'right' ? x0 + width - w : x0 + indent;
      this.page.drawText(l, { x, y: PAGE_H - this.cursor - size, size, font });
      this.cursor += lead;
    });
    return this.cursor - start;
  }

  /** Short horizontal rule centred in a column (under the unit name and the national motto). */
  rule(x: number, width: number, ruleWidth: number): void {
    const cx = MARGIN.left + x + width / 2;
    const yy = PAGE_H - this.cursor - 1;
    this.page.drawLine({ start: { x: cx - ruleWidth / 2, y: yy }, end: { x: cx + ruleWidth / 2, y: yy }, thickness: 0.6, color: rgb(0, 0, 0) });
    this.cursor += 6;
  }

  /** Two columns drawn from the same top; the cursor ends below the taller one. */
  columns(left: (l: PdfLayout) => void, right: (l: PdfLayout) => void): void {
    const top = this.cursor;
    left(this);
    const leftEnd = this.cursor;
    this.cursor = top;
    right(this);
    this.cursor = Math.max(leftEnd, this.cursor);
  }

  /** A ruled table; rows that do not fit continue on a new page under a repeated header. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], o: { size?: number } = {}): void {
    const size = o.size ?? 10;
    const pad = 3;
    const total = columns.reduce((a, c) => a + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * CONTENT_W);
    const lead = size * 1.2;
    const measure = (cells: readonly string[], style: Style) => cells.map((cell, i) => this.wrap(cell, widths[i]! - 2 * pad, size, style));
    const drawRow = (cells: readonly string[], style: Style) => {
      const wrapped = measure(cells, style);
      const h = Math.max(...wrapped.map((w) => w.length)) * lead + 2 * pad;
      this.ensure(h);
      let x = MARGIN.left;
      const top = PAGE_H - this.cursor;
      wrapped.forEach((lines, i) => {
        const w = widths[i]!;
        this.page.drawRectangle({ x, y: top - h, width: w, height: h, borderColor: rgb(0, 0, 0), borderWidth: 0.5 });
        lines.forEach((l, j) => {
          const tw = this.measure(l, size, style);
          const align = style === 'bold' ? 'center' : (columns[i]!.align ?? 'left');
          const tx = align === 'center' ? x + (w - tw) / 2 : align === 'right' ? x + w - pad - tw : x + pad;
          this.page.drawText(l, { x: tx, y: top - pad - (j + 1) * lead + (lead - size) / 2 + 1, size, font: this.fonts[style] });
        });
        x += w;
      });
      this.cursor += h;
      return h;
    };
    const header = columns.map((c) => c.title);
    drawRow(header, 'bold');
    for (const r of rows) {
      const wrapped = measure(r, 'regular');
      const h = Math.max(...wrapped.map((w) => w.length)) * lead + 2 * pad;
      if (this.cursor + h > PAGE_H - MARGIN.bottom) {
        this.newPage();
        drawRow(header, 'bold');
      }
      drawRow(r, 'regular');
    }
  }

  async bytes(): Promise<Uint8Array> {
    return this.doc.save({ useObjectStreams: true });
  }
}
