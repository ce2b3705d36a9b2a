// Loads data for a page and reloads it on demand; a failure is kept for ErrorMessage. A reload
// settles once the data it asked for is in, so an action can report success with it.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again; settles when that load (or a later one that replaced it) has finished. */
  reload(): Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const waiting = useRef<Array<() => void>>([]);
  useEffect(() => {
    let live = true;
    const waiters = waiting.current.splice(0);
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
        for (const settle of waiters.splice(0)) settle();
      });
    return () => {
      live = false;
      // A load replaced before it finished hands its waiters to the load replacing it.
      waiting.current.unshift(...waiters);
    };
  }, [...deps, tick]);
  const reload = useCallback(
    () =>
      new Promise<void>((settle) => {
        waiting.current.push(settle);
        setTick((n) => n + 1);
      }),
    [],
  );
  return { data, error, loading, reload };
}
