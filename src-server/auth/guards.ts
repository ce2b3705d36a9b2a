// Authorisation rules in one place: who may act, and on which venues (scope).
//   admin            everything administrative, all provinces (exposure reads are audited)
//   health_official  exposure work in their province
//   ict_officer      install rates and fleet health in their province
//   venue_manager    their own venues' counts and reports
import type { FastifyRequest } from 'fastify';
import type {} from '../http/fastify-types.js';
import type { Role } from '../../shared/api/server-api.js';
import type { Principal } from '../repositories/users-repo.js';
import { forbidden, unauthenticated } from '../http/api-error.js';

export function userOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthenticated();
  return req.principal;
}

export function requireRole(req: FastifyRequest, ...roles: Role[]): Principal {
  const p = userOf(req);
  if (!roles.includes(p.role)) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`);
  return p;
}

export function inScope(p: Principal, venue: { id: string; province: string }): boolean {
  switch (p.role) {
    case 'admin':
      return true;
    case 'health_official':
    case 'ict_officer':
      return p.province !== null && venue.province === p.province;
    case 'venue_manager':
      return p.venueIds.includes(venue.id);
  }
}

/** The province a principal is confined to, or null for all (admin). */
export function provinceOf(p: Principal): string | null {
  return p.role === 'admin' ? null : p.province;
}

export function requireProvince(p: Principal, province: string): void {
  if (p.role !== 'admin' && p.province !== province) throw forbidden('outside your province');
}
