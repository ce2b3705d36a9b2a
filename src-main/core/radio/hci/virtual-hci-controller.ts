// A virtual Bluetooth controller behind the `@abandonware/bluetooth-hci-socket` surface.
// noble and bleno are loaded with this object in place of the kernel HCI socket, so in
// simulation, replay and tests the real noble/bleno HCI, GAP and GATT code runs on real HCI
// bytes: advertising reports carrying raw advertising data go through noble's own parser,
// bleno's HCI commands carry its real advertising-data framing, and GATT reads are real ATT.
import { EventEmitter } from 'node:events';
import {
  ADV_IND,
  HCI_ACLDATA_PKT,
  HCI_COMMAND_PKT,
  OP,
  SCAN_RSP,
  STATUS_CONN_FAILED_TO_ESTABLISH,
  STATUS_UNKNOWN_CONNECTION,
  aclPacket,
  addressFromWire,
  addressToWire,
  advertisingReport,
  commandComplete,
  commandStatus,
  disconnComplete,
  leConnComplete,
  numCompletedPackets,
} from './hci-packets.js';
import { answerAtt, type VirtualGattService } from './virtual-att-server.js';
import { VirtualHciSocket } from './virtual-hci-socket.js';

const ATT_CID = 0x0004;

/** One packet heard on air. */
export interface AirAdvert {
  readonly address: string;
  readonly addressType: 'public' | 'random';
  /** ADV_IND (0, connectable), ADV_NONCONN_IND (3), SCAN_RSP (4)… */
  readonly eventType: number;
  readonly data: Uint8Array;
  readonly rssi: number;
}

/** A remote device the virtual controller can connect to. */
export interface VirtualPeer {
  readonly address: string;
  readonly addressType: 'public' | 'random';
  /** accept: connection completes; refuse: fails to establish; hang: never completes. */
  readonly connect: 'accept' | 'refuse' | 'hang';
  readonly gatt?: VirtualGattService;
}

export interface AdvertisingState {
  readonly enabled: boolean;
  readonly data: Uint8Array;
  readonly scanResponse: Uint8Array;
}

export interface VirtualControllerOptions {
  /** Public address of the virtual adapter. */
  readonly address?: string;
  /** Adapter up (hciconfig up). */
  readonly powered?: boolean;
  /** false: the adapter never answers commands (stuck firmware / absent chip). */
  readonly responsive?: boolean;
  readonly connectDelayMs?: number;
}

interface Connection {
  readonly address: string;
  /** 0: we (the host) are central; 1: a remote central connected to us. */
  readonly role: 0 | 1;
  readonly peer?: VirtualPeer;
}

export class VirtualHciController extends EventEmitter {
  private readonly address: string;
  private powered: boolean;
  private responsive: boolean;
  private readonly connectDelayMs: number;
  private scanning = false;
  private stalled = false;
  private scanEnableFailure: number | null = null;
  private adv: AdvertisingState = { enabled: false, data: new Uint8Array(0), scanResponse: new Uint8Array(0) };
  private readonly peers = new Map<string, VirtualPeer>();
  private readonly connections = new Map<number, Connection>();
  private pendingConnect: { address: string; timer: NodeJS.Timeout | null } | null = null;
  private nextHandle = 0x40;
  private readonly centralWaiters = new Map<number, (pdu: Uint8Array) => void>();
  private closed = false;
  readonly counters = { reportsDelivered: 0, reportsDropped: 0, commands: 0, connections: 0 };

  constructor(options: VirtualControllerOptions = {}) {
    super();
    this.address = options.address ?? '00:1a:7d:da:71:01';
    this.powered = options.powered ?? true;
    this.responsive = options.responsive ?? true;
    this.connectDelayMs = options.connectDelayMs ?? 5;
  }

  /** A new socket on this adapter, what `new BluetoothHciSocket()` returns in noble/bleno. */
  openSocket(): VirtualHciSocket {
    return new VirtualHciSocket(this);
  }

  isDevUp(): boolean {
    return this.powered;
  }

  /** A command or ACL packet written by the host. */
  write(packet: Buffer): void {
    if (!this.powered) {
      this.later(() => this.emit('host-error', Object.assign(new Error('Network is down'), { code: 'ENETDOWN' })));
      return;
    }
    if (!this.responsive || packet.length < 1) return;
    if (packet[0] === HCI_COMMAND_PKT && packet.length >= 4) this.onCommand(packet.readUInt16LE(1), packet.subarray(4));
    else if (packet[0] === HCI_ACLDATA_PKT && packet.length >= 9) this.onAcl(packet);
  }

  /** Stops delivering anything to the host (dispose). */
  close(): void {
    this.closed = true;
    if (this.pendingConnect?.timer) clearTimeout(this.pendingConnect.timer);
    this.pendingConnect = null;
  }

  // ---- controls for the simulator, replay and tests ----

  setPowered(on: boolean): void {
    this.powered = on;
    if (!on) {
      this.scanning = false;
      this.adv = { ...this.adv, enabled: false };
      this.connections.clear();
      this.emit('advertising', this.adv);
    }
  }

  setResponsive(on: boolean): void {
    this.responsive = on;
  }

  /** The next "LE Set Scan Enable (on)" fails with this HCI status. */
  failNextScanEnable(status: number): void {
    this.scanEnableFailure = status;
  }

  /** Controller keeps "scanning" but stops reporting (noble #223); cleared by a scan restart. */
  stallReports(): void {
    this.stalled = true;
  }

  /** Controller silently stops advertising (bleno #155, #382/#387); the host is not told. */
  dropAdvertising(): void {
    this.adv = { ...this.adv, enabled: false };
  }

  get scanEnabled(): boolean {
    return this.scanning && this.powered;
  }

  get advertising(): AdvertisingState {
    return this.adv;
  }

  addPeer(peer: VirtualPeer): void {
    this.peers.set(peer.address.toLowerCase(), peer);
  }

  removePeer(address: string): void {
    this.peers.delete(address.toLowerCase());
  }

  /** A packet on air reaches the adapter; reported only while scanning, as a real controller does. */
  receive(advert: AirAdvert): boolean {
    if (!this.scanEnabled || this.stalled || this.closed || !this.responsive) {
      this.counters.reportsDropped += 1;
      return false;
    }
    this.counters.reportsDelivered += 1;
    this.emitData(advertisingReport(advert.eventType, advert.address, advert.addressType, advert.data, advert.rssi));
    return true;
  }

  /** An advert followed by its (empty) scan response, as an active scan of a connectable phone yields. */
  receiveConnectable(address: string, addressType: 'public' | 'random', data: Uint8Array, rssi: number): boolean {
    const ok = this.receive({ address, addressType, eventType: ADV_IND, data, rssi });
    if (ok) this.receive({ address, addressType, eventType: SCAN_RSP, data: new Uint8Array(0), rssi });
    return ok;
  }

  /** A remote central (a phone) connects to the host (bleno's GATT server). Returns the handle. */
  connectCentral(address: string, addressType: 'public' | 'random' = 'random'): number {
    const handle = this.nextHandle++;
    this.connections.set(handle, { address, role: 1 });
    this.emitData(leConnComplete(0, handle, 1, address, addressType));
    return handle;
  }

  /** Sends one ATT request as the remote central and resolves with the host's answer. */
  attExchange(handle: number, pdu: Uint8Array, timeoutMs = 2000): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.centralWaiters.delete(handle);
        reject(new Error('att_timeout'));
      }, timeoutMs);
      this.centralWaiters.set(handle, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.emitData(aclPacket(handle, ATT_CID, pdu));
    });
  }

  disconnectCentral(handle: number): void {
    if (this.connections.delete(handle)) this.emitData(disconnComplete(handle, 0x13));
  }

  // ---- internals ----

  private later(fn: () => void): void {
    setImmediate(() => {
      if (!this.closed) fn();
    });
  }

  private emitData(packet: Buffer): void {
    this.later(() => this.emit('host-data', packet));
  }

  private complete(opcode: number, status = 0, result: Uint8Array = new Uint8Array(0)): void {
    this.emitData(commandComplete(opcode, status, result));
  }

  private onCommand(opcode: number, params: Buffer): void {
    this.counters.commands += 1;
    switch (opcode) {
      case OP.readLocalVersion:
        // HCI 5.0 (0x09), manufacturer 0x000F (Broadcom, as on a Raspberry Pi).
        this.complete(opcode, 0, Buffer.from([0x09, 0x00, 0x01, 0x09, 0x0f, 0x00, 0x01, 0x00]));
        break;
      case OP.readBdAddr:
        this.complete(opcode, 0, addressToWire(this.address));
        break;
      case OP.leReadBufferSize:
        this.complete(opcode, 0, Buffer.from([27, 0, 8]));
        break;
      case OP.readBufferSize:
        this.complete(opcode, 0, Buffer.from([27, 0, 0, 8, 0, 0, 0]));
        break;
      case OP.readLeHostSupported:
        this.complete(opcode, 0, Buffer.from([1, 0]));
        break;
      case OP.leSetScanEnable: {
        const enable = params[0] === 1;
        if (enable && this.scanEnableFailure !== null) {
          const status = this.scanEnableFailure;
          this.scanEnableFailure = null;
          this.complete(opcode, status);
          break;
        }
        this.scanning = enable;
        if (enable) this.stalled = false;
        this.complete(opcode);
        break;
      }
      case OP.leSetAdvData:
      case OP.leSetScanRspData: {
        const len = Math.min(params[0] ?? 0, 31, params.length - 1);
        const data = new Uint8Array(params.subarray(1, 1 + Math.max(0, len)));
        this.adv = opcode === OP.leSetAdvData ? { ...this.adv, data } : { ...this.adv, scanResponse: data };
        this.complete(opcode);
        this.emit('advertising', this.adv);
        break;
      }
      case OP.leSetAdvEnable:
        this.adv = { ...this.adv, enabled: params[0] === 1 };
        this.complete(opcode);
        this.emit('advertising', this.adv);
        break;
      case OP.leCreateConn:
        this.onCreateConnection(params);
        break;
      case OP.leCreateConnCancel:
        this.complete(opcode);
        if (this.pendingConnect !== null) {
          const { address, timer } = this.pendingConnect;
          if (timer !== null) clearTimeout(timer);
          this.pendingConnect = null;
          this.emitData(leConnComplete(STATUS_UNKNOWN_CONNECTION, 0, 0, address, 'random'));
        }
        break;
      case OP.disconnect: {
        const handle = params.readUInt16LE(0);
        this.emitData(commandStatus(opcode, 0));
        if (this.connections.delete(handle)) this.emitData(disconnComplete(handle, 0x16));
        break;
      }
      case OP.readRssi:
        this.complete(opcode, 0, Buffer.from([params[0] ?? 0, params[1] ?? 0, 0xc4]));
        break;
      default:
        this.complete(opcode);
    }
  }

  private onCreateConnection(params: Buffer): void {
    const opcode = OP.leCreateConn;
    if (params.length < 12 || this.pendingConnect !== null) {
      this.emitData(commandStatus(opcode, 0x0c));
      return;
    }
    const address = addressFromWire(params.subarray(6, 12));
    const addressType = params[5] === 1 ? 'random' : 'public';
    this.emitData(commandStatus(opcode, 0));
    const peer = this.peers.get(address);
    if (peer?.connect === 'hang' || peer === undefined) {
      // Out of range or gone: the controller keeps initiating until the host cancels.
      this.pendingConnect = { address, timer: null };
      return;
    }
    const timer = setTimeout(() => {
      this.pendingConnect = null;
      if (peer.connect === 'refuse') {
        this.emitData(leConnComplete(STATUS_CONN_FAILED_TO_ESTABLISH, 0, 0, address, addressType));
        return;
      }
      const handle = this.nextHandle++;
      this.counters.connections += 1;
      this.connections.set(handle, { address, role: 0, peer });
      this.emitData(leConnComplete(0, handle, 0, address, addressType));
    }, this.connectDelayMs);
    this.pendingConnect = { address, timer };
  }

  private onAcl(packet: Buffer): void {
    const handle = packet.readUInt16LE(1) & 0x0fff;
    this.emitData(numCompletedPackets(handle, 1));
    const conn = this.connections.get(handle);
    if (conn === undefined || packet.length < 9) return;
    const cid = packet.readUInt16LE(7);
    const pdu = new Uint8Array(packet.subarray(9, 9 + packet.readUInt16LE(5)));
    if (cid !== ATT_CID) return;
    if (conn.role === 1) {
      const waiter = this.centralWaiters.get(handle);
      this.centralWaiters.delete(handle);
      waiter?.(pdu);
      return;
    }
    if (conn.peer?.gatt === undefined) return;
    const answer = answerAtt(conn.peer.gatt, pdu);
    if (answer !== null) this.emitData(aclPacket(handle, ATT_CID, answer));
  }
}
