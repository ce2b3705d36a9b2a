// Row -> API view mappers shared by several route files.
import type { UserView, Venue } from '../../shared/api/server-api.js';
import type { VenuesTable } from '../db/schema.js';
import type { Principal } from '../repositories/users-repo.js';

export function userView(p: Principal): UserView {
  return { id: p.id, username: p.username, role: p.role, province: p.province, venue_ids: [...p.venueIds], disabled: p.disabledAt !== null };
}

export function venueView(v: VenuesTable): Venue {
  return { id: v.id, name: v.name, kind: v.kind as Venue['kind'], province: v.province, district: v.district, ward: v.ward, created_at: v.created_at };
}
