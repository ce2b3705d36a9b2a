// Password hashing with scrypt (memory-hard). Parameters: N = 2^17, r = 8, p = 1 →
// 128·N·r = 128 MiB per hash, OWASP's recommended scrypt setting. Stored as
// "scrypt$N$r$p$<salt b64>$<hash b64>" so the cost can rise: a hash made with a lower N
// still verifies, and login replaces it (needsRehash) while the password is at hand.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const DEFAULT_COST_LOG2 = 17;
const R = 8;
const P = 1;
const KEY_LEN = 32;
/** Stored hashes above this cost are refused rather than allowed to exhaust memory. */
const MAX_COST_LOG2 = 20;

function scrypt(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function maxmemFor(n: number, r: number): number {
  return 2 * 128 * n * r;
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!Number.isInteger(n) || n < 2 || n > 2 ** MAX_COST_LOG2 || (n & (n - 1)) !== 0) return null;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  return { n, r, p, salt: Buffer.from(parts[4]!, 'base64'), hash: Buffer.from(parts[5]!, 'base64') };
}

/** Hashes and verifies passwords at one cost; the app builds one (tests may choose a lower cost). */
export class PasswordHasher {
  private readonly n: number;

  constructor(readonly costLog2: number = DEFAULT_COST_LOG2) {
    if (!Number.isInteger(costLog2) || costLog2 < 10 || costLog2 > MAX_COST_LOG2) throw new RangeError(`scrypt cost 2^${costLog2} is out of range`);
    this.n = 2 ** costLog2;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const hash = await scrypt(password, salt, KEY_LEN, { N: this.n, r: R, p: P, maxmem: maxmemFor(this.n, R) });
    return `scrypt$${this.n}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const s = parse(stored);
    if (!s || s.hash.length === 0) return false;
    const actual = await scrypt(password, s.salt, s.hash.length, { N: s.n, r: s.r, p: s.p, maxmem: maxmemFor(s.n, s.r) });
    return timingSafeEqual(actual, s.hash);
  }

  /** True when the stored hash was made with weaker parameters than this hasher's. */
  needsRehash(stored: string): boolean {
    const s = parse(stored);
    return !s || s.n < this.n || s.r !== R || s.p !== P;
  }
}

const defaultHasher = new PasswordHasher();

export function hashPassword(password: string): Promise<string> {
  return defaultHasher.hash(password);
}

export function verifyPassword(password: string, stored: string): Promise<boolean> {
  return defaultHasher.verify(password, stored);
}

/** A password policy the CLI and the API share. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'password must be at least 10 characters';
  if (password.length > 256) return 'password must be at most 256 characters';
  if (password.includes('\u0000')) return 'password must not contain NUL characters';
  return null;
}
