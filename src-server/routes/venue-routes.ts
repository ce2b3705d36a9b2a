// Venues, enrollment codes, and per-venue encounters/attendance.
import type { FastifyInstance } from 'fastify';
import type {
  EncounterView} from '../../shared/api/server-api.js';
import {
  AttendanceQuery,
  AttendanceResponse,
  CreateVenueRequest,
  EncountersQuery,
  EnrollmentCodeRequest,
  EnrollmentCodeResponse,
  IdParams,
  Venue,
  VenueEncountersResponse,
  VenueList,
  VenueListQuery,
} from '../../shared/api/server-api.js';
import type { Static } from '@sinclair/typebox';
import { routeSchema } from '../http/route-schema.js';
import { ALL_ROLES, users } from '../http/access.js';
import { forbidden, notFound } from '../http/api-error.js';
import { inScope, provinceOf, userOf } from '../auth/guards.js';
import { dayRange, parseDay, today } from '../http/days.js';
import { localDate } from '../../shared/domain/local-day.js';
import { venueView } from './views.js';
import { DISTANCE_NAME } from '../repositories/batches-repo.js';
import { slotStart } from '../../shared/domain/slots.js';
import { installRate } from '../repositories/stats-repo.js';
import { issueEnrollmentCode } from '../enrollment.js';
import { checkVenueArea } from './area-routes.js';

type Id = { Params: Static<typeof IdParams> };

export async function venueRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  async function venueInScope(req: Parameters<typeof userOf>[0], id: string) {
    const p = userOf(req);
    const v = await s.venues.get(id);
    // Out-of-scope venues answer 404, so their existence is not revealed either.
    if (!v || !inScope(p, v)) throw notFound('venue');
    return { p, v };
  }

  app.get<{ Querystring: Static<typeof VenueListQuery> }>(
    '/v1/venues',
    { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ tags: ['venues'], summary: 'Venues in your scope', security: 'bearer', querystring: VenueListQuery, response: { 200: VenueList } }) },
    async (req) => {
      const p = userOf(req);
      const scopeProvince = provinceOf(p);
      if (p.role === 'venue_manager') {
        return { venues: (await s.venues.list({ ids: p.venueIds, province: req.query.province, district: req.query.district })).map(venueView) };
      }
      if (scopeProvince !== null && req.query.province !== undefined && req.query.province !== scopeProvince) throw forbidden('outside your province');
      const list = await s.venues.list({ province: scopeProvince ?? req.query.province, district: req.query.district });
      return { venues: list.map(venueView) };
    },
  );

  app.post<{ Body: Static<typeof CreateVenueRequest> }>(
    '/v1/venues',
    { config: { access: users(['admin'], 'global') }, schema: routeSchema({ tags: ['venues'], summary: 'Register a venue (admin)', security: 'bearer', body: CreateVenueRequest, response: { 201: Venue } }) },
    async (req, reply) => {
      const admin = userOf(req);
      await checkVenueArea(s, req.body);
      const v = await s.venues.create(req.body, s.now());
      await s.audit.write(admin, 'venue.create', v.id, { name: v.name }, s.now());
      return reply.status(201).send(venueView(v));
    },
  );

  app.get<Id>(
    '/v1/venues/:id',
    { config: { access: users(ALL_ROLES, 'area') }, schema: routeSchema({ tags: ['venues'], summary: 'One venue', security: 'bearer', params: IdParams, response: { 200: Venue } }) },
    async (req) => venueView((await venueInScope(req, req.params.id)).v),
  );

  app.post<Id & { Body: Static<typeof EnrollmentCodeRequest> | undefined }>(
    '/v1/venues/:id/enrollment-codes',
    // Venue managers enrol the kiosks of their own venues (issue 9); admins any venue's.
    { config: { access: users(['admin', 'venue_manager'], 'area') },
      schema: routeSchema({
        tags: ['venues'],
        summary: 'Issue a one-time kiosk enrollment code (admin, or the venue’s manager)',
        security: 'bearer',
        params: IdParams,
        body: EnrollmentCodeRequest,
        response: { 201: EnrollmentCodeResponse },
      }),
    },
    async (req, reply) => {
      const { p: admin, v } = await venueInScope(req, req.params.id);
      const issued = await issueEnrollmentCode(s.venues, v.id, req.body?.ttl_hours ?? 24, s.now());
      await s.audit.write(admin, 'venue.enrollment_code', v.id, { expires_at: issued.expires_at }, s.now());
      return reply.status(201).send(issued);
    },
  );

  app.get<Id & { Querystring: Static<typeof EncountersQuery> }>(
    '/v1/venues/:id/encounters',
    { config: { access: users(['admin', 'health_official', 'venue_manager'], 'area') },
      schema: routeSchema({
        tags: ['venues'],
        summary: 'Encounters uploaded by the venue’s kiosks on one local day (managers: counts only)',
        security: 'bearer',
        params: IdParams,
        querystring: EncountersQuery,
        response: { 200: VenueEncountersResponse },
      }),
    },
    async (req) => {
      userOf(req);
      const { p, v } = await venueInScope(req, req.params.id);
      const day = req.query.day === undefined ? today(s.now(), s.config.timeZone) : parseDay(req.query.day, 'day', s.config.timeZone);
      const rows = await s.encounters.venueDay(v.id, day.fromSlot, day.toSlot);
      const bySlot = new Map<number, { devices: number; near: number; mid: number; far: number; checked_in: number }>();
      for (const r of rows) {
        const c = bySlot.get(r.slot) ?? { devices: 0, near: 0, mid: 0, far: 0, checked_in: 0 };
        c.devices += 1;
        c[DISTANCE_NAME[r.distance_rank] ?? 'far'] += 1;
        c.checked_in += r.checked_in;
        bySlot.set(r.slot, c);
      }
      const slots = [...bySlot].map(([slot, c]) => ({ slot, slot_start: slotStart(slot), ...c }));
      const countsOnly = p.role === 'venue_manager';
      if (!countsOnly) {
        await s.audit.write(p, 'encounters.read', v.id, { day: day.day, rows: rows.length }, s.now());
      }
      const encounters: Static<typeof EncounterView>[] | undefined = countsOnly
        ? undefined
        : rows.map((r) => ({
            kiosk_id: r.kiosk_id,
            visitor_id: r.visitor_id,
            protocol: r.protocol,
            slot: r.slot,
            first_seen_min: r.first_seen_min,
            last_seen_min: r.last_seen_min,
            distance: DISTANCE_NAME[r.distance_rank] ?? 'far',
            checked_in: r.checked_in === 1,
          }));
      return { venue_id: v.id, day: day.day, total: rows.length, counts_only: countsOnly, slots, ...(encounters ? { encounters } : {}) };
    },
  );

  app.get<Id & { Querystring: Static<typeof AttendanceQuery> }>(
    '/v1/venues/:id/attendance',
    { config: { access: users(ALL_ROLES, 'area') },
      schema: routeSchema({
        tags: ['venues'],
        summary: 'Attendance and install rate per day',
        security: 'bearer',
        params: IdParams,
        querystring: AttendanceQuery,
        response: { 200: AttendanceResponse },
      }),
    },
    async (req) => {
      const { v } = await venueInScope(req, req.params.id);
      const range = dayRange(req.query.from, req.query.to, s.now(), 7, s.config.timeZone);
      const days = await s.encounters.attendanceDays(v.id, range.fromSlot, range.toSlot, (slot) => localDate(slotStart(slot), s.config.timeZone));
      return {
        venue_id: v.id,
        days: days.map((d) => ({ ...d, install_rate: installRate(d.arrivals, d.no_app) })),
      };
    },
  );
}
