// Fleet health (ICT officers, admin) and the audit log (admin).
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { AuditQuery, AuditResponse, FleetQuery, FleetResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { users } from '../http/access.js';
import { cursorAfter, pageOf, parseCursor } from '../http/paging.js';
import { forbidden } from '../http/api-error.js';
import { provinceOf, userOf } from '../auth/guards.js';

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  app.get<{ Querystring: Static<typeof FleetQuery> }>(
    '/v1/fleet',
    { config: { access: users(['admin', 'ict_officer', 'venue_manager'], 'area') }, schema: routeSchema({ tags: ['fleet'], summary: 'Kiosks and their health; offline = not heard from recently', security: 'bearer', querystring: FleetQuery, response: { 200: FleetResponse } }) },
    async (req) => {
      const p = userOf(req);
      const own = provinceOf(p);
      if (p.role !== 'venue_manager' && own !== null && req.query.province !== undefined && req.query.province !== own) throw forbidden('outside your province');
      const rows = await s.kiosks.fleet(p.role === 'venue_manager' ? { venueIds: p.venueIds } : { province: own ?? req.query.province });
      const staleBefore = s.now() - s.config.offlineAfterMinutes * 60_000;
      const kiosks = rows
        .map((k) => ({
          id: k.id,
          venue_id: k.venue_id,
          venue_name: k.venue_name,
          province: k.province,
          district: k.district,
          version: k.version,
          enrolled_at: k.enrolled_at,
          last_seen_at: k.last_seen_at,
          offline: k.last_seen_at === null || k.last_seen_at < staleBefore,
          radio_state: k.radio_state,
          clock_synced: k.clock_synced === null ? null : k.clock_synced === 1,
          queue_depth: k.queue_depth,
          free_disk_mb: k.free_disk_mb,
        }))
        .filter((k) => !req.query.offline_only || k.offline);
      return { offline_after_minutes: s.config.offlineAfterMinutes, kiosks };
    },
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/v1/audit',
    { config: { access: users(['admin'], 'global') }, schema: routeSchema({ tags: ['audit'], summary: 'Audit log, newest first (admin)', security: 'bearer', querystring: AuditQuery, response: { 200: AuditResponse } }) },
    async (req) => {
      userOf(req);
      const q = req.query;
      const limit = q.limit ?? 100;
      const after = q.cursor === undefined ? undefined : parseCursor(q.cursor, 4_102_444_800_000);
      const rows = await s.audit.list(limit + 1, q.before, { since: q.since, action: q.action, username: q.username, after: after && { at: after.value, id: after.id } });
      const page = pageOf(rows, limit, (e) => cursorAfter(e.at, e.id));
      return { entries: page.rows, next_cursor: page.next };
    },
  );
}
