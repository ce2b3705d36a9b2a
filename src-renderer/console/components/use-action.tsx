// One admin action at a time: busy while it runs, its failure or its success message shown
// above the page's list, and the list reloaded after a success.
import { useState } from 'react';
import { ErrorMessage } from './error-message.js';

export interface Action {
  /** Runs `f`; true when it succeeded (then the list is reloaded and `message` shown with it). */
  act(f: () => Promise<unknown>, message: string): Promise<boolean>;
  readonly busy: boolean;
  readonly error: unknown;
  readonly done: string | null;
}

export function useAction(reload: () => Promise<void>): Action {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (f: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await f();
      await reload();
      setDone(message);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { act, busy, error, done };
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
