// What `new BluetoothHciSocket()` returns inside noble/bleno when they run on a virtual
// controller (see virtual-hci-controller.ts).
import { EventEmitter } from 'node:events';
import type { VirtualHciController } from './virtual-hci-controller.js';

/**
 * The `BluetoothHciSocket` object noble/bleno hold. Only raw/user-bound sockets see HCI
 * traffic; bleno's management socket (bindControl) stays silent, as it does not matter here.
 */
export class VirtualHciSocket extends EventEmitter {
  private attached = false;
  private bound = false;
  private readonly onData = (packet: Buffer) => this.emit('data', packet);
  private readonly onError = (error: Error) => {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  };

  constructor(private readonly controller: VirtualHciController) {
    super();
  }

  bindRaw(devId?: number): number {
    this.bound = true;
    return devId ?? 0;
  }

  bindUser(devId?: number): number {
    this.bound = true;
    return devId ?? 0;
  }

  bindControl(): void {}

  start(): void {
    if (!this.bound || this.attached) return;
    this.attached = true;
    this.controller.on('host-data', this.onData);
    this.controller.on('host-error', this.onError);
  }

  stop(): void {
    this.attached = false;
    this.controller.off('host-data', this.onData);
    this.controller.off('host-error', this.onError);
  }

  isDevUp(): boolean {
    return this.controller.isDevUp();
  }

  setFilter(_filter: Buffer): void {}

  getDeviceList(): { devId: number; devUp: boolean }[] {
    return [{ devId: 0, devUp: this.controller.isDevUp() }];
  }

  write(packet: Buffer): void {
    if (this.bound) this.controller.write(packet);
  }
}
