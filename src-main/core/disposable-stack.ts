// What the composition root opened, in order, so that stop() and a failed start close
// exactly that, newest first. One failing close is logged and the rest still run: a radio
// that will not stop must not leave the store open.
import type { LeveledLogFn } from './log/logger.js';

export class DisposableStack {
  private readonly items: { readonly name: string; readonly dispose: () => void | Promise<void> }[] = [];
  private unwinding: Promise<void> | null = null;

  constructor(private readonly log: LeveledLogFn) {}

  /** Registers what undoes the step just taken; returns the value for chaining. */
  defer<T>(name: string, value: T, dispose: (value: T) => void | Promise<void>): T {
    this.items.push({ name, dispose: () => dispose(value) });
    return value;
  }

  /** Names still open, newest first (diagnostics and tests). */
  open(): string[] {
    return this.items.map((i) => i.name).reverse();
  }

  /** Closes everything, newest first; idempotent. */
  unwind(): Promise<void> {
    this.unwinding ??= (async () => {
      for (let item = this.items.pop(); item; item = this.items.pop()) {
        try {
          await item.dispose();
          this.log('closed', { part: item.name }, 'debug');
        } catch (error) {
          this.log('close_failed', { part: item.name, error }, 'error');
        }
      }
    })();
    return this.unwinding;
  }
}
