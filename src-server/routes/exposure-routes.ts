// Officials' exposure work: list/filter, inspect, export CSV, notify visitors (publish the
// venue kiosks' slot keys in the signed feed), notify venue (kiosk notice), close.
// Every read is audited; notifications need a health official in scope.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { Exposure, ExposureList, ExposureListQuery, IdParams, NotifyVenueResponse, NotifyVisitorsResponse } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { users } from '../http/access.js';
import { ApiError, forbidden, notFound } from '../http/api-error.js';
import { provinceOf, userOf } from '../auth/guards.js';
import { dayRange } from '../http/days.js';
import { exposuresCsv, exposureView } from './exposure-view.js';
import type { Principal } from '../repositories/users-repo.js';
import type { ExposureWithVenue } from '../repositories/exposures-repo.js';
import { slotEnd, slotStart } from '../../shared/domain/slots.js';

type Id = { Params: Static<typeof IdParams> };
type ListQ = { Querystring: Static<typeof ExposureListQuery> };

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

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
    const [fromDay, toDay] = q.from !== undefined || q.to !== undefined ? dayRange(q.from, q.to, s.now(), 21) : [undefined, undefined];
    const list = await s.exposures.list({
      province: scope ?? q.province,
      district: q.district,
      status: q.status,
      fromSlot: fromDay === undefined ? undefined : fromDay * 96,
      toSlot: toDay === undefined ? undefined : toDay * 96 + 95,
    });
    return { p, list: list.map(exposureView) };
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
      return exposureView(e);
    },
  );

  app.post<Id>(
    '/v1/exposures/:id/notify-visitors',
    { config: { access: users(['health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Publish the venue kiosks’ slot keys of the window in the signed feed', security: 'bearer', params: IdParams, response: { 200: NotifyVisitorsResponse } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      if (e.status === 'closed') throw new ApiError(409, 'exposure_closed', 'this exposure is closed');
      const keys = await s.feed.slotKeysForVenue(e.venue_id, e.first_slot, e.last_slot);
      if (keys.length === 0) throw new ApiError(409, 'no_slot_keys', 'the venue’s kiosks have not uploaded keys for this window yet');
      const batch = await s.publisher.publish(e.id, keys);
      await s.exposures.advance(e.id, 'visitors_notified', s.now());
      await s.audit.write(p, 'exposure.notify_visitors', e.id, { feed_batch: batch.id, entries: batch.entries }, s.now());
      return { exposure: exposureView((await s.exposures.get(e.id))!), feed_batch_id: batch.id, entries: batch.entries };
    },
  );

  app.post<Id>(
    '/v1/exposures/:id/notify-venue',
    { config: { access: users(['health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Queue an exposure notice for the venue’s kiosks', security: 'bearer', params: IdParams, response: { 200: NotifyVenueResponse } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      if (e.status === 'closed') throw new ApiError(409, 'exposure_closed', 'this exposure is closed');
      const from = hhmm(slotStart(e.first_slot));
      const to = hhmm(slotEnd(e.last_slot));
      const noticeId = await s.notices.create({
        venue_id: e.venue_id,
        exposure_id: e.id,
        kind: 'exposure',
        message_vi: `Cơ quan y tế thông báo: một ca F0 đã có mặt tại địa điểm từ ${from} đến ${to}. Đề nghị khử khuẩn và liên hệ trung tâm y tế địa phương.`,
        message_en: `Health authority notice: an F0 case was present at this venue from ${from} to ${to}. Please disinfect and contact the local health centre.`,
        first_slot: e.first_slot,
        last_slot: e.last_slot,
        created_at: s.now(),
      });
      await s.exposures.advance(e.id, 'venue_notified', s.now());
      await s.audit.write(p, 'exposure.notify_venue', e.id, { notice: noticeId }, s.now());
      return { exposure: exposureView((await s.exposures.get(e.id))!), notice_id: noticeId };
    },
  );

  app.post<Id>(
    '/v1/exposures/:id/close',
    { config: { access: users(['health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Close an exposure', security: 'bearer', params: IdParams, response: { 200: Exposure } }) },
    async (req) => {
      const p = userOf(req);
      const e = await inScope(p, req.params.id);
      await s.exposures.advance(e.id, 'closed', s.now());
      await s.audit.write(p, 'exposure.close', e.id, {}, s.now());
      return exposureView((await s.exposures.get(e.id))!);
    },
  );
}
