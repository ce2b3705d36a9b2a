// Install-rate rankings per venue/ward/district/province (ICT officers, officials, managers).
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { InstallRateQuery, InstallRateResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { ALL_ROLES, users } from '../http/access.js';
import { forbidden } from '../http/api-error.js';
import { provinceOf, userOf } from '../auth/guards.js';
import { dayRange } from '../http/days.js';
import { INSTALL_RATE_METHOD } from '../repositories/stats-repo.js';

export async function statsRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;
  app.get<{ Querystring: Static<typeof InstallRateQuery> }>(
    '/v1/stats/install-rate',
    { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ tags: ['stats'], summary: 'Install-rate ranking', security: 'bearer', querystring: InstallRateQuery, response: { 200: InstallRateResponse } }) },
    async (req) => {
      const p = userOf(req);
      const q = req.query;
      const days = dayRange(q.from, q.to, s.now(), 7, s.config.timeZone);
      let scope: { province?: string | null; venueIds?: readonly string[] };
      if (p.role === 'venue_manager') {
        if (q.level !== 'venue') throw forbidden('venue managers see their own venues only (level=venue)');
        scope = { venueIds: p.venueIds };
      } else {
        const own = provinceOf(p);
        if (own !== null && q.province !== undefined && q.province !== own) throw forbidden('outside your province');
        scope = { province: own ?? q.province ?? null };
      }
      const rows = await s.stats.installRates(q.level, days.fromSlot, days.toSlot, scope);
      return { level: q.level, from: days.from, to: days.to, method: INSTALL_RATE_METHOD, rows };
    },
  );
}
