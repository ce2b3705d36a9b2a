// Loads data for a page and reloads it on demand; a failure is kept for ErrorMessage.
// `reload()` resolves once the data it asked for is shown (or its failure), so a page can
// say "saved" together with the saved row, not before it.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  /** Callers of reload() waiting for the load that follows their call. */
  const waiting = useRef<Array<() => void>>([]);
  useEffect(() => {
    let live = true;
    const mine = waiting.current.splice(0);
    setLoading(true);
    loadRef
      .current()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => {
        if (live) setError(err);
      })
      .finally(() => {
        if (!live) return;
        setLoading(false);
        for (const resolve of mine) resolve();
      });
    return () => {
      live = false;
      // A newer load (new deps or another reload) answers the callers instead.
      waiting.current.unshift(...mine);
    };
  }, [...deps, tick]);
  const reload = useCallback(
    () =>
      new Promise<void>((resolve) => {
        waiting.current.push(resolve);
        setTick((n) => n + 1);
      }),
    [],
  );
  return { data, error, loading, reload };
}
