// Issuing one-time kiosk enrollment codes (API and CLI share this).
import { enrollmentCodeHash, newEnrollmentCode } from './auth/tokens.js';
import type { VenuesRepo } from './repositories/venues-repo.js';

export interface IssuedCode {
  venue_id: string;
  code: string;
  expires_at: number;
}

export async function issueEnrollmentCode(venues: VenuesRepo, venueId: string, ttlHours: number, now: number): Promise<IssuedCode> {
  const code = newEnrollmentCode();
  const expiresAt = now + ttlHours * 3_600_000;
  await venues.issueEnrollmentCode(venueId, enrollmentCodeHash(code), now, expiresAt);
  return { venue_id: venueId, code, expires_at: expiresAt };
}
