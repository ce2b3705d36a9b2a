// A list the server sends a page at a time (cursor paging, shared/api/server-api.ts): the
// first page comes from useLoad; "Tải thêm" appends the next. Pages loaded after the first
// are tied to the first page they follow, so a new filter or a reload starts over.
import { useMemo, useState } from 'react';
import type { Loaded } from './use-load.js';

export interface MorePages<R> {
  /** The first page's rows, then every page loaded after it. */
  rows: R[];
  /** The cursor of the next page; null when the last page is shown. */
  next: string | null;
  loading: boolean;
  /** The last "load more" failure (shown by ErrorMessage, retried by loadMore). */
  error: unknown;
  loadMore(): Promise<void>;
}

export function useMorePages<P, R>(first: Loaded<P>, page: { rows(p: P): R[]; next(p: P): string | null; fetch(cursor: string): Promise<P> }): MorePages<R> {
  const [more, setMore] = useState<{ base: P; rows: R[]; next: string | null } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const extra = more !== null && more.base === first.data ? more : null;
  const rows = useMemo(() => (first.data === undefined ? [] : [...page.rows(first.data), ...(extra?.rows ?? [])]), [first.data, extra]);
  const next = extra ? extra.next : first.data === undefined ? null : page.next(first.data);
  const loadMore = async () => {
    const base = first.data;
    if (next === null || base === undefined || loading) return;
    setLoading(true);
    setError(null);
    try {
      const p = await page.fetch(next);
      setMore({ base, rows: [...(extra?.rows ?? []), ...page.rows(p)], next: page.next(p) });
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  return { rows, next, loading, error, loadMore };
}
