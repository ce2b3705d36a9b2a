// Officials' exposure work: list/filter, inspect, export CSV, notify visitors (publish the
// venue kiosks' slot keys the feed does not hold yet), notify venue (kiosk notice, once per
// window), close. Every read is audited; notifications need a health official in scope: the
// venue's province, which for an exposure referred from another province's case is here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { Exposure, ExposureList, ExposureListQuery, IdParams, NotifyVenueResponse, NotifyVisitorsResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { users } from '../http/access.js';
import { ApiError, forbidden, notFound } from '../http/api-error.js';
import { provinceOf, userOf } from '../auth/guards.js';
import { dayRange } from '../http/days.js';
import { exposuresCsv } from './exposure-view.js';
import type { Principal } from '../repositories/users-repo.js';
import type { ExposureWithVenue } from '../repositories/exposures-repo.js';

type Id = { Params: Static<typeof IdParams> };
type ListQ = { Querystring: Static<typeof ExposureListQuery> };

export async function exposureRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  async function inScope(p: Principal, id: string): Promise<ExposureWithVenue> {
    const e = await s.exposures.get(id);
    if (!e || (provinceOf(p) !== null && e.province !== p.province)) throw notFound('exposure');
    return e;
  }

  async function listFor(req: FastifyRequest<ListQ>) {
    const p = userOf(req);
    const q = req.query;
    const scope = provinceOf(p);
    if (scope !== null && q.province !== undefined && q.province !== scope) throw forbidden('outside your province');
    const days = q.from !== undefined || q.to !== undefined ? dayRange(q.from, q.to, s.now(), 21, s.config.timeZone) : undefined;
    const list = await s.exposures.list({
      province: scope ?? q.province,
      district: q.district,
      status: q.status,
      fromSlot: days?.fromSlot,
      toSlot: days?.toSlot,
    });
    return { p, list: await s.lifecycle.views(list) };
  }

  app.get<ListQ>(
    '/v1/exposures',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Venue exposures, filtered', security: 'bearer', querystring: ExposureListQuery, response: { 200: ExposureList } }) },
    async (req) => {
      const { p, list } = await listFor(req);
      await s.audit.write(p, 'exposures.list', provinceOf(p) ?? '*', { query: req.query, count: list.length }, s.now());
      return { exposures: list };
    },
  );

  app.get<ListQ>(
    '/v1/exposures/export.csv',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Venue exposures as CSV', security: 'bearer', querystring: ExposureListQuery, response: { 200: Type.String() } }) },
    async (req, reply) => {
      const { p, list } = await listFor(req);
      await s.audit.write(p, 'exposures.export', provinceOf(p) ?? '*', { query: req.query, count: list.length }, s.now());
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="exposures.csv"').send(exposuresCsv(list));
    },
  );

  app.get<Id>(
    '/v1/exposures/:id',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'One exposure', security: 'bearer', params: IdParams, response: { 200: Exposure } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      await s.audit.write(p, 'exposure.read', e.id, {}, s.now());
      return s.lifecycle.detail(e);
    },
  );

  app.post<Id>(
    '/v1/exposures/:id/notify-visitors',
    { config: { access: users(['health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Publish the window’s kiosk slot keys the feed does not hold yet (idempotent)', security: 'bearer', params: IdParams, response: { 200: NotifyVisitorsResponse } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      if (e.status === 'closed') throw new ApiError(409, 'exposure_closed', 'this exposure is closed');
      const r = await s.lifecycle.notifyVisitors(e);
      if (r.keys === 0) throw new ApiError(409, 'no_slot_keys', 'the venue’s kiosks have not uploaded keys for this window yet');
      await s.audit.write(p, 'exposure.notify_visitors', e.id, { feed_batch: r.batchId, entries: r.entries, already_published: r.alreadyPublished }, s.now());
      const view = await s.lifecycle.detail((await s.exposures.get(e.id))!);
      return { exposure: view, feed_batch_id: r.batchId, entries: r.entries, already_published: r.alreadyPublished };
    },
  );

  app.post<Id>(
    '/v1/exposures/:id/notify-venue',
    { config: { access: users(['health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Queue a notice for the venue’s kiosks, once per window', security: 'bearer', params: IdParams, response: { 200: NotifyVenueResponse } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      if (e.status === 'closed') throw new ApiError(409, 'exposure_closed', 'this exposure is closed');
      const r = await s.lifecycle.notifyVenue(e);
      await s.audit.write(p, 'exposure.notify_venue', e.id, { notice: r.noticeId, created: r.created }, s.now());
      const view = await s.lifecycle.detail((await s.exposures.get(e.id))!);
      return { exposure: view, notice_id: r.noticeId, created: r.created };
    },
  );

  app.post<Id>(
    '/v1/exposures/:id/close',
    { config: { access: users(['health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Close an exposure', security: 'bearer', params: IdParams, response: { 200: Exposure } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      await s.exposures.close(e.id, s.now());
      await s.audit.write(p, 'exposure.close', e.id, {}, s.now());
      return s.lifecycle.detail((await s.exposures.get(e.id))!);
    },
  );
}
