// Keyset paging of officials' lists (issue 12 item 14): a page ends at a row, and the next
// starts after it in the list's stable order (a number descending, then the id ascending).
// The cursor names that row as "<number>~<id>"; clients treat it as opaque.
import { badRequest } from './api-error.js';

/** The cursor after a row: its place in the order. */
export function cursorAfter(orderValue: number, id: string): string {
  return `${orderValue}~${id}`;
}

/**
 * A cursor whose shape the route schema checked (PageCursor); its number must also fit the
 * list's column (`max`), or PostgreSQL would refuse the comparison with a 500.
 */
export function parseCursor(cursor: string, max: number): { value: number; id: string } {
  const at = cursor.indexOf('~');
  const value = Number(cursor.slice(0, at));
  if (!Number.isSafeInteger(value) || value > max) throw badRequest('invalid_request', 'cursor is not one this list gave: ask for the first page again');
  return { value, id: cursor.slice(at + 1) };
}

/** Splits the limit + 1 rows read into the page and the cursor of the next page, if any. */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (row: T) => string): { rows: T[]; next: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : [...rows];
  const last = page[page.length - 1];
  return { rows: page, next: more && last !== undefined ? cursorOf(last) : null };
}
