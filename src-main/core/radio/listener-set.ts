// Listener registry for the radio ports: every subscription is disposable and a throwing
// listener is logged, never allowed to break the scan loop or the other listeners.
import type { Disposable, Listener } from '../ports.js';

/** The radio's log: failures say so with their level ('warn', 'error'); the rest is 'info'. */
export type RadioLog = (event: string, fields?: Record<string, unknown>, level?: 'info' | 'warn' | 'error') => void;

export class ListenerSet<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(
    private readonly log: RadioLog,
    private readonly name: string,
  ) {}

  add(listener: Listener<T>): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  emit(value: T): void {
    for (const l of this.listeners) {
      try {
        l(value);
      } catch (error) {
        this.log('radio_listener_failed', { listener: this.name, error });
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
