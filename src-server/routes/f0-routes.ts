// F0 intake by a health official: Bluezone InfoF JSON and/or daily-key entries and/or the
// F0's data_trace.txt. Nothing is written unless the whole submission is valid.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { AddF0DataRequest, CaseExposureList, CreateF0CaseRequest, F0Case, F0CaseList, F0CaseListQuery, F0IntakeResponse, IdParams, PAGE_LIMIT_DEFAULT, type Exposure, type ReferredExposure } from '../../shared/api/server-api.js';
import { cursorAfter, pageOf, parseCursor } from '../http/paging.js';

/** Cursor times (Unix ms) beyond 2100 come from no page of this list. */
const MAX_TIME_MS = 4_102_444_800_000;
import { SLOT_MS } from '../../shared/domain/slots.js';
import { routeSchema } from '../http/route-schema.js';
import { users } from '../http/access.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { F0_BODY_LIMIT } from '../http/limits.js';
import { provinceOf, requireProvince, userOf } from '../auth/guards.js';
import { processSubmission, type F0Submission } from '../exposure/f0-intake.js';
import type { F0CasesTable } from '../db/schema.js';
import { referredView } from '../exposure/exposure-lifecycle.js';
import type { Principal } from '../repositories/users-repo.js';

type Id = { Params: Static<typeof IdParams> };

export async function f0Routes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  async function caseInScope(p: Principal, id: string): Promise<F0CasesTable> {
    const c = await s.f0.getCase(id);
    if (!c || (provinceOf(p) !== null && c.province !== p.province)) throw notFound('F0 case');
    return c;
  }

  /**
   * A case's exposures as this official may see them: venues in their province in full, the
   * others as referrals (province and status only) — those are in the other province's queue.
   */
  async function caseExposures(p: Principal, caseId: string): Promise<{ exposures: Exposure[]; referred: ReferredExposure[] }> {
    const all = await s.lifecycle.views(await s.exposures.list({ caseId }));
    const scope = provinceOf(p);
    return {
      exposures: all.filter((e) => scope === null || e.venue.province === scope),
      referred: all.filter((e) => scope !== null && e.venue.province !== scope).map(referredView),
    };
  }

  async function ingest(p: Principal, c: F0CasesTable, isNew: boolean, sub: F0Submission) {
    const r = processSubmission(sub, c.from_slot, c.to_slot, s.now());
    if (r.problemCount > 0) {
      throw new ApiError(422, 'f0_data_malformed', `${r.problemCount} problem(s) in the submission; nothing was stored`, {
        problem_count: r.problemCount,
        problems: r.problems,
      });
    }
    await s.f0.store(c, isNew, r.ids, r.contacts);
    await s.engine.recompute(c.id);
    await s.audit.write(p, isNew ? 'f0.create' : 'f0.add_data', c.id, { ids: r.ids.length, history_rows: r.historyRows, history_used: r.historyReport?.used ?? 0 }, s.now());
    return {
      case: c,
      ids_derived: await s.f0.idCount(c.id),
      history_rows: r.historyRows,
      history_contacts: r.contacts.length,
      ...(r.historyReport ? { history_report: r.historyReport } : {}),
      ...(await caseExposures(p, c.id)),
    };
  }

  app.post<{ Body: CreateF0CaseRequest }>(
    '/v1/f0-cases',
    { config: { access: users(['health_official'], 'area') },
      bodyLimit: F0_BODY_LIMIT,
      schema: routeSchema({ tags: ['f0'], summary: 'F0 intake (health official)', security: 'bearer', body: CreateF0CaseRequest, response: { 201: F0IntakeResponse } }),
    },
    async (req, reply) => {
      const p = userOf(req);
      const b = req.body;
      requireProvince(p, b.province);
      const fromSlot = Math.floor((b.infectious_from_s * 1000) / SLOT_MS);
      const toSlot = Math.floor((b.infectious_to_s * 1000) / SLOT_MS);
      if (toSlot < fromSlot) throw badRequest('window_invalid', 'infectious_to_s is before infectious_from_s');
      if (toSlot - fromSlot + 1 > s.config.retentionDays * 96) {
        throw badRequest('window_too_long', `the infectious window may span at most ${s.config.retentionDays} days`);
      }
      if (toSlot * SLOT_MS > s.now() + 86_400_000) throw badRequest('window_invalid', 'the infectious window ends in the future');
      const t = s.now();
      const c: F0CasesTable = { id: randomUUID(), reference: b.reference, province: b.province, from_slot: fromSlot, to_slot: toSlot, created_by: p.id, created_at: t, updated_at: t };
      const out = await ingest(p, c, true, b);
      return reply.status(201).send(out);
    },
  );

  app.post<Id & { Body: AddF0DataRequest }>(
    '/v1/f0-cases/:id/data',
    { config: { access: users(['health_official'], 'area') },
      bodyLimit: F0_BODY_LIMIT,
      schema: routeSchema({ tags: ['f0'], summary: 'Add keys or history to an F0 case; exposures are recomputed', security: 'bearer', params: IdParams, body: AddF0DataRequest, response: { 200: F0IntakeResponse } }),
    },
    async (req) => {
      const p = userOf(req);
      const c = await caseInScope(p, req.params.id);
      return ingest(p, { ...c, updated_at: s.now() }, false, req.body);
    },
  );

  app.get<{ Querystring: Static<typeof F0CaseListQuery> }>(
    '/v1/f0-cases',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['f0'], summary: 'F0 cases in your province, one page at a time', security: 'bearer', querystring: F0CaseListQuery, response: { 200: F0CaseList } }) },
    async (req) => {
      const p = userOf(req);
      const limit = req.query.limit ?? PAGE_LIMIT_DEFAULT;
      const after = req.query.cursor === undefined ? undefined : parseCursor(req.query.cursor, MAX_TIME_MS);
      const rows = await s.f0.listCases(provinceOf(p), limit + 1, after && { createdAt: after.value, id: after.id });
      const page = pageOf(rows, limit, (c) => cursorAfter(c.created_at, c.id));
      await s.audit.write(p, 'f0.list', provinceOf(p) ?? '*', { count: page.rows.length }, s.now());
      return { cases: page.rows, next_cursor: page.next };
    },
  );

  app.get<Id>(
    '/v1/f0-cases/:id',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['f0'], summary: 'One F0 case', security: 'bearer', params: IdParams, response: { 200: F0Case } }) },
    async (req) => {
      const p = userOf(req);
      const c = await caseInScope(p, req.params.id);
      await s.audit.write(p, 'f0.read', c.id, {}, s.now());
      return c;
    },
  );

  app.get<Id>(
    '/v1/f0-cases/:id/exposures',
    { config: { access: users(['admin', 'health_official'], 'area') }, schema: routeSchema({ tags: ['f0'], summary: 'Venue exposures of an F0 case (other provinces’ venues as referrals)', security: 'bearer', params: IdParams, response: { 200: CaseExposureList } }) },
    async (req) => {
      const p = userOf(req);
      const c = await caseInScope(p, req.params.id);
      const out = await caseExposures(p, c.id);
      await s.audit.write(p, 'exposures.read', c.id, { count: out.exposures.length, referred: out.referred.length }, s.now());
      return out;
    },
  );
}
