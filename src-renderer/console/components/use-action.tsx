// One action at a time: busy while it runs, its failure or its success message shown (where
// the page puts ActionOutcome), and the page's data reloaded after a success. The success
// message waits for the reloaded data, so the two are never seen disagreeing.
import { useState } from 'react';
import { ErrorMessage } from './error-message.js';

export interface Action {
  /**
   * Runs `f`; true when it succeeded (then `reload` is called and `message`, or the one made
   * from `f`'s result, shown; none when the page shows the result itself).
   */
  act<T>(f: () => Promise<T>, message?: string | ((result: T) => string)): Promise<boolean>;
  /** Forgets the last failure and success message (a new attempt refused before it runs). */
  clear(): void;
  readonly busy: boolean;
  readonly error: unknown;
  readonly done: string | null;
}

export function useAction(reload?: () => Promise<void>): Action {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const clear = () => {
    setError(null);
    setDone(null);
  };
  const act = async <T,>(f: () => Promise<T>, message?: string | ((result: T) => string)) => {
    setBusy(true);
    clear();
    try {
      const result = await f();
      await reload?.();
      if (message !== undefined) setDone(typeof message === 'string' ? message : message(result));
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { act, clear, busy, error, done };
}

/** The last action's failure (announced as an alert) or success (as a status). */
export function ActionOutcome({ action }: { action: Action }) {
  return (
    <>
      <ErrorMessage error={action.error} />
      {action.done ? (
        <p className="ok-box" role="status">
          {action.done}
        </p>
      ) : null}
    </>
  );
}
