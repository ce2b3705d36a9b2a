// Hex helpers. Bluezone renders IDs and keys as upper-case hex with no separators
// (docs/protocol.md §2.1), so every ID string in this project is upper-case.

const HEX = '0123456789ABCDEF';

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

export function isHex(text: string, byteLength?: number): boolean {
  if (text.length % 2 !== 0) return false;
  if (byteLength !== undefined && text.length !== byteLength * 2) return false;
  return /^[0-9a-fA-F]*$/.test(text);
}

/** Parses hex (either case). Throws RangeError on odd length or a non-hex digit. */
export function fromHex(text: string): Uint8Array {
  if (!isHex(text)) throw new RangeError(`not a hex string: ${text.slice(0, 16)}…`);
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
