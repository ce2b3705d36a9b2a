// The kiosk's broadcast identity (docs/architecture.md §3): a fresh random key per UTC
// quarter-hour, kept in the SlotKeyStore (so it can be published if the venue is exposed),
// and the beacon set to that slot's ID. Rotation is scheduled at each boundary. While the
// clock is not synchronised the grid cannot be trusted, so the beacon is silenced
// (setId(null)) rather than sending IDs that would match the wrong window.
import { slotEnd, slotOf } from '../../../shared/domain/slots.js';
import { toHex } from '../../../shared/hex.js';
import { generateSlotKey, kioskSlotId } from '../../../shared/protocol/kiosk-slot-key.js';
import { realTimers, type TimerHandle, type Timers } from '../clock/timers.js';
import type { Beacon, Clock, SlotKeyStore } from '../ports.js';

export interface KioskIdentityOptions {
  readonly slotKeys: SlotKeyStore;
  readonly clock: Clock;
  readonly beacon: Beacon;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  readonly timers?: Timers;
  readonly generateKey?: () => Uint8Array;
  /** How often sync state is re-checked between boundaries. */
  readonly syncCheckMs?: number;
}

export type IdentityState =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'unsynced' }
  | { readonly kind: 'failed'; readonly code: string }
  | { readonly kind: 'broadcasting'; readonly slot: number; readonly id: string };

export class KioskIdentity {
  private state: IdentityState = { kind: 'stopped' };
  /** Hex IDs of the current and previous slot: what our scanner may hear of ourselves. */
  private own: readonly string[] = [];
  private timer: TimerHandle | null = null;
  private running = false;
  private applying: Promise<void> = Promise.resolve();
  private readonly timers: Timers;
  private readonly log: NonNullable<KioskIdentityOptions['log']>;

  constructor(private readonly options: KioskIdentityOptions) {
    this.timers = options.timers ?? realTimers;
    this.log = options.log ?? (() => undefined);
  }

  /**
   * True for the kiosk's own broadcast ID of the current or the previous slot. The previous
   * one matters at a boundary: the radio may still carry it while the scanner hears it.
   */
  isOwnId(hexId: string): boolean {
    return this.own[0] === hexId || this.own[1] === hexId;
  }

  /** What the beacon is sending now. */
  current(): IdentityState {
    return this.state;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.state = { kind: 'stopped' };
  }

  private tick(): Promise<void> {
    this.applying = this.applying.then(() => this.apply());
    return this.applying;
  }

  private async apply(): Promise<void> {
    if (!this.running) return;
    const { clock, beacon, slotKeys } = this.options;
    const now = clock.now();
    const syncCheckMs = this.options.syncCheckMs ?? 10_000;
    try {
      if (!clock.synced()) {
        if (this.state.kind !== 'unsynced') this.log('identity_paused_clock_unsynced');
        this.state = { kind: 'unsynced' };
        await beacon.setId(null);
      } else {
        const slot = slotOf(now);
        if (this.state.kind !== 'broadcasting' || this.state.slot !== slot) {
          const key = slotKeys.getOrCreate(slot, this.options.generateKey ?? generateSlotKey);
          const id = kioskSlotId(key);
          const previous = slotKeys.range(slot - 1, slot - 1)[0];
          this.own = previous === undefined ? [toHex(id)] : [toHex(id), toHex(kioskSlotId(previous.key))];
          await beacon.setId(id);
          this.state = { kind: 'broadcasting', slot, id: toHex(id) };
          this.log('identity_rotated', { slot });
        }
      }
    } catch (error) {
      // Storage or radio failure: stop sending rather than send an ID we cannot publish.
      this.state = { kind: 'failed', code: (error as { code?: string }).code ?? 'identity_apply_failed' };
      this.log('identity_failed', { error });
      await beacon.setId(null).catch((e: unknown) => this.log('identity_beacon_stop_failed', { error: e }));
    }
    if (!this.running) return;
    const untilBoundary = slotEnd(slotOf(now)) - now;
    const delay = this.state.kind === 'broadcasting' ? Math.min(untilBoundary, syncCheckMs) : syncCheckMs;
    this.timer = this.timers.setTimeout(() => void this.tick(), Math.max(1, delay));
  }
}
