// Officials' exposure work: list/filter, inspect, export CSV, notify visitors (publish the
// venue kiosks' slot keys the feed does not hold yet), notify venue (kiosk notice, once per
// window), close. Every read is audited; notifications need a health official in scope: the
// venue's province, which for an exposure referred from another province's case is here.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { Exposure, ExposureList, ExposureListQuery, IdParams, NotifyVenueResponse, NotifyVisitorsResponse, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { users } from '../http/access.js';
import { ApiError, forbidden, notFound } from '../http/api-error.js';
import { provinceOf, userOf } from '../auth/guards.js';
import { dayRange } from '../http/days.js';
import { cursorAfter, pageOf, parseCursor } from '../http/paging.js';
import { exposuresCsvHeader, exposuresCsvRows } from './exposure-view.js';
import type { Principal } from '../repositories/users-repo.js';
import type { ExposureFilter, ExposureWithVenue } from '../repositories/exposures-repo.js';

type Id = { Params: Static<typeof IdParams> };
type ListQ = { Querystring: Static<typeof ExposureListQuery> };

export async function exposureRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  async function inScope(p: Principal, id: string): Promise<ExposureWithVenue> {
    const e = await s.exposures.get(id);
    if (!e || (provinceOf(p) !== null && e.province !== p.province)) throw notFound('exposure');
    return e;
  }

  /** The filter of a list request, in the caller's scope (a province official sees only theirs). */
  function filterFor(req: FastifyRequest<ListQ>): ExposureFilter {
    const p = userOf(req);
    const q = req.query;
    const scope = provinceOf(p);
    if (scope !== null && q.province !== undefined && q.province !== scope) throw forbidden('outside your province');
    const days = q.from !== undefined || q.to !== undefined ? dayRange(q.from, q.to, s.now(), 21, s.config.timeZone) : undefined;
    return {
      province: scope ?? q.province,
      district: q.district,
      status: q.status,
      fromSlot: days?.fromSlot,
      toSlot: days?.toSlot,
      after: q.cursor === undefined ? undefined : afterOf(q.cursor),
    };
  }

  /** One page in the list's stable order; one row more is read to know whether more exist. */
  async function page(filter: ExposureFilter, limit: number) {
    const rows = await s.exposures.list({ ...filter, limit: limit + 1 });
    const { rows: pageRows, next } = pageOf(rows, limit, (e) => cursorAfter(e.first_slot, e.id));
    return { views: await s.lifecycle.views(pageRows), next };
  }

  app.get<ListQ>(
    '/v1/exposures',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Venue exposures, filtered, one page at a time', security: 'bearer', querystring: ExposureListQuery, response: { 200: ExposureList } }) },
    async (req) => {
      const p = userOf(req);
      const { views, next } = await page(filterFor(req), req.query.limit ?? PAGE_LIMIT_DEFAULT);
      await s.audit.write(p, 'exposures.list', provinceOf(p) ?? '*', { query: req.query, count: views.length }, s.now());
      return { exposures: views, next_cursor: next };
    },
  );

  app.get<ListQ>(
    '/v1/exposures/export.csv',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['exposures'], summary: 'Every matching venue exposure as CSV (streamed page by page)', security: 'bearer', querystring: ExposureListQuery, response: { 200: Type.String() } }) },
    async (req, reply) => {
      const p = userOf(req);
      const filter = filterFor(req);
      // Read before answering: a failing first page is still a clean error, not a cut CSV.
      const first = await page(filter, PAGE_LIMIT_MAX);
      await s.audit.write(p, 'exposures.export', provinceOf(p) ?? '*', { query: req.query, first_page: first.views.length, more: first.next !== null }, s.now());
      async function* csv() {
        yield exposuresCsvHeader();
        let current = first;
        for (;;) {
          if (current.views.length > 0) yield exposuresCsvRows(current.views);
          if (current.next === null) return;
          current = await page({ ...filter, after: afterOf(current.next) }, PAGE_LIMIT_MAX);
        }
      }
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="exposures.csv"').send(Readable.from(csv()));
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

function afterOf(cursor: string): { firstSlot: number; id: string } {
  // Slots are INTEGER columns.
  const c = parseCursor(cursor, 2 ** 31 - 1);
  return { firstSlot: c.value, id: c.id };
}
