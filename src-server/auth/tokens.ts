// Opaque random secrets (session tokens, enrollment codes). Only their SHA-256 is stored,
// so a database leak does not hand out live sessions or unused codes.
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

// No 0/O/1/I/L: the code is typed by a person at the kiosk.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time enrollment code like "K7QM-2XHD-9RTA-WC4P" (~79 bits). */
export function newEnrollmentCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g += 1) {
    let s = '';
    for (let i = 0; i < 4; i += 1) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/** Codes are compared case-insensitively: normalise before hashing. */
export function enrollmentCodeHash(code: string): string {
  return sha256Hex(code.trim().toUpperCase());
}
