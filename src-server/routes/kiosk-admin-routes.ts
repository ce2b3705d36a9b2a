// Kiosk administration: the list of enrolled kiosks with their key state (admin, ICT officers
// in their province) and revocation (admin). A revoked kiosk's next signed request is refused;
// the verifier reads the kiosk row on every request, so no cache keeps a stolen key alive.
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { IdParams, KioskList, OkResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { notFound } from '../http/api-error.js';
import { provinceOf, userOf } from '../auth/guards.js';
import { users } from '../http/access.js';

type Id = { Params: Static<typeof IdParams> };

export async function kioskAdminRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  app.get(
    '/v1/kiosks',
    { config: { access: users(['admin', 'ict_officer'], 'area') }, schema: routeSchema({ tags: ['kiosks'], summary: 'Enrolled kiosks and whether they are revoked', security: 'bearer', response: { 200: KioskList } }) },
    async (req) => {
      const own = provinceOf(userOf(req));
      const rows = await s.kiosks.fleet(own === null ? {} : { province: own });
      return {
        kiosks: rows.map((k) => ({ id: k.id, venue_id: k.venue_id, venue_name: k.venue_name, province: k.province, version: k.version, enrolled_at: k.enrolled_at, last_seen_at: k.last_seen_at, revoked_at: k.revoked_at })),
      };
    },
  );

  app.post<Id>(
    '/v1/kiosks/:id/revoke',
    { config: { access: users(['admin'], 'global') }, schema: routeSchema({ tags: ['kiosks'], summary: 'Revoke a kiosk: its signatures are refused from now on (admin)', security: 'bearer', params: IdParams, response: { 200: OkResponse } }) },
    async (req) => {
      const admin = userOf(req);
      if (!(await s.kiosks.revoke(req.params.id, s.now()))) throw notFound('kiosk');
      await s.audit.write(admin, 'kiosk.revoke', req.params.id, {}, s.now());
      return { ok: true };
    },
  );
}
