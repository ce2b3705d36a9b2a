// Reads a rendered page the way a person at arm's length would: every piece of text at or
// above the minimum size, inside the screen, not clipped by its box and not overlapping
// other text. Runs in the page (Playwright's evaluate), so it sees the real layout.
import type { Page } from 'playwright';

export interface LayoutProblem {
  kind: 'too_small' | 'off_screen' | 'clipped' | 'overlap';
  what: string;
  detail: string;
}

export const MIN_TEXT_PX = 16;

/** `root` limits the check to one part of the page (a full-screen overlay covers the rest). */
export async function layoutProblems(page: Page, minTextPx: number = MIN_TEXT_PX, root = 'body'): Promise<LayoutProblem[]> {
  return page.evaluate(([minPx, rootSel]) => {
    const problems: { kind: 'too_small' | 'off_screen' | 'clipped' | 'overlap'; what: string; detail: string }[] = [];
    const name = (el: Element): string => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${cls} "${text}"`;
    };
    const visible = (el: Element): boolean => {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    // Text in a region that scrolls vertically (a long alert list) is reachable by scrolling
    // that region, so only its horizontal fit is checked; the region itself must fit.
    const inScroller = (el: Element): boolean => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const oy = getComputedStyle(a).overflowY;
        if ((oy === 'auto' || oy === 'scroll') && a.scrollHeight > a.clientHeight) return true;
      }
      return false;
    };
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    // Text boxes: elements with their own non-blank text nodes, measured by a Range so the
    // box is the text's, not the element's padding.
    const boxes: { el: Element; rect: DOMRect }[] = [];
    for (const el of document.querySelectorAll(`${rootSel} *`)) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (own.length === 0 || !visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size + 0.05 < minPx) problems.push({ kind: 'too_small', what: name(el), detail: `${size.toFixed(1)} px` });
      for (const node of own) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) {
          if (rect.width === 0 || rect.height === 0) continue;
          const scrolls = inScroller(el);
          if (rect.left < -1 || rect.right > vw + 1 || (!scrolls && (rect.top < -1 || rect.bottom > vh + 1))) {
            problems.push({ kind: 'off_screen', what: name(el), detail: `${Math.round(rect.left)},${Math.round(rect.top)} → ${Math.round(rect.right)},${Math.round(rect.bottom)} in ${vw}x${vh}` });
          }
          if (!scrolls) boxes.push({ el, rect });
        }
      }
      // Clipped: text taller or wider than a box that hides its overflow.
      const style = getComputedStyle(el);
      const hides = style.overflow !== 'visible' || style.webkitLineClamp !== 'none';
      if (hides && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
        problems.push({ kind: 'clipped', what: name(el), detail: `${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}` });
      }
    }
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el === b.el) continue;
        const w = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const h = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        // A couple of pixels of line-box overlap is how fonts sit; real collisions are larger.
        if (w > 2 && h > 3) problems.push({ kind: 'overlap', what: `${name(a.el)} / ${name(b.el)}`, detail: `${Math.round(w)}x${Math.round(h)} px` });
      }
    }
    return problems;
  }, [minTextPx, root] as const);
}
