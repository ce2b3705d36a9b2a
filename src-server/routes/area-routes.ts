// Administrative units for pickers (everyone signed in), venue edit/move (admin), and feed
// key rotation from the console (admin).
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { AreaList, FeedKeyRotation, UpdateVenueRequest } from '../../shared/api/areas-api.js';
import { IdParams, Venue } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { badRequest, notFound } from '../http/api-error.js';
import { userOf } from '../auth/guards.js';
import { ALL_ROLES, users } from '../http/access.js';
import { venueView } from './views.js';
import type { Services } from '../services.js';

/** When units are imported, a venue must name one of them (chosen from pickers, not typed). */
export async function checkVenueArea(s: Services, v: { province: string; district: string; ward: string }): Promise<void> {
  if ((await s.areas.count()) === 0) return;
  if (!(await s.areas.pathExists(v.province, v.district, v.ward))) {
    throw badRequest('area_unknown', `"${v.ward}, ${v.district || '—'}, ${v.province}" is not a known ward of that district and province`);
  }
}

export async function areaRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  app.get(
    '/v1/areas',
    { config: { access: users(ALL_ROLES, 'global') }, schema: routeSchema({ tags: ['areas'], summary: 'Administrative units for pickers', security: 'bearer', response: { 200: AreaList } }) },
    async (req) => {
      userOf(req);
      return { areas: (await s.areas.list()).map(({ code, name, level, parent_code }) => ({ code, name, level, parent_code })) };
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateVenueRequest> }>(
    '/v1/venues/:id',
    { config: { access: users(['admin'], 'global') }, schema: routeSchema({ tags: ['venues'], summary: 'Rename, re-kind or move a venue (admin)', security: 'bearer', params: IdParams, body: UpdateVenueRequest, response: { 200: Venue } }) },
    async (req) => {
      const admin = userOf(req);
      const v = await s.venues.get(req.params.id);
      if (!v) throw notFound('venue');
      const next = { ...v, ...req.body };
      if (next.district === undefined) next.district = v.district;
      await checkVenueArea(s, next);
      const row = await s.venues.update(v.id, { name: next.name, kind: next.kind, province: next.province, district: next.district, ward: next.ward });
      await s.audit.write(admin, 'venue.update', v.id, { changed: Object.keys(req.body) }, s.now());
      return venueView(row);
    },
  );

  app.post(
    '/v1/admin/feed-keys/rotate',
    { config: { access: users(['admin'], 'global') }, schema: routeSchema({ tags: ['feed'], summary: 'Start signing the feed with a new key (admin); the old key stays published', security: 'bearer', response: { 200: FeedKeyRotation } }) },
    async (req) => {
      const admin = userOf(req);
      const k = await s.publisher.rotateKey();
      await s.audit.write(admin, 'feed.rotate_key', k.id, {}, s.now());
      return { key_id: k.id, public_key: k.public_key };
    },
  );
}
