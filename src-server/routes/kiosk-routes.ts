// Kiosk device API (shared/api/kiosk-upload.ts): enroll with a one-time code, then signed
// batch uploads, notice polling (which records the fetch) and staff acknowledgements.
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { EnrollRequest, EnrollResponse, KioskBatch, BatchAck, KioskNoticesResponse, KIOSK_API, NoticeAckRequest, NoticeAckResponse, NoticeIdParams, RotateKeyRequest, RotateKeyResponse } from '../../shared/api/kiosk-upload.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError } from '../http/api-error.js';
import { enrollmentCodeHash } from '../auth/tokens.js';
import { publicKeyFromRaw } from '../auth/ed25519.js';
import { BATCH_BODY_LIMIT } from '../http/limits.js';
import { validateBatch } from './batch-rules.js';
import { slotOf } from '../../shared/domain/slots.js';
import { KIOSK, PUBLIC } from '../http/access.js';

export async function kioskRoutes(app: FastifyInstance): Promise<void> {
  const s = app.services;

  app.post<{ Body: EnrollRequest }>(
    KIOSK_API.enroll,
    {
      config: { access: PUBLIC, rateLimit: { max: s.config.loginRateLimitPerMinute, timeWindow: 60_000, keyGenerator: (req) => `enroll:${req.ip}` } },
      schema: routeSchema({ tags: ['kiosk'], summary: 'Enroll a kiosk with a one-time code', body: EnrollRequest, response: { 201: EnrollResponse } }),
    },
    async (req, reply) => {
      const raw = Buffer.from(req.body.public_key, 'base64');
      try {
        publicKeyFromRaw(raw);
      } catch {
        throw new ApiError(400, 'public_key_invalid', 'public_key must be a raw 32-byte Ed25519 key in base64');
      }
      const out = await s.kiosks.enroll(enrollmentCodeHash(req.body.code), raw.toString('base64'), req.body.version, s.now());
      if (!out.ok) {
        const msg = { unknown: 'enrollment code is not valid', expired: 'enrollment code has expired', used: 'enrollment code was already used' }[out.reason];
        throw new ApiError(out.reason === 'unknown' ? 401 : 410, `enrollment_code_${out.reason}`, msg);
      }
      req.log.info({ venue: out.venue.id.slice(0, 8) }, 'kiosk enrolled');
      const v = out.venue;
      return reply.status(201).send({
        kiosk_id: out.kioskId,
        venue: { id: v.id, name: v.name, kind: v.kind, province: v.province, district: v.district, ward: v.ward },
      });
    },
  );

  app.post<{ Body: KioskBatch }>(
    KIOSK_API.batches,
    { config: { access: KIOSK },
      bodyLimit: BATCH_BODY_LIMIT,
      schema: routeSchema({ tags: ['kiosk'], summary: 'Upload a signed, idempotent batch', security: 'kiosk', body: KioskBatch, response: { 200: BatchAck } }),
    },
    async (req) => {
      const kiosk = req.kiosk!;
      const problems = validateBatch(req.body, slotOf(s.now()), s.config.retentionDays);
      if (problems.length > 0) {
        throw new ApiError(422, 'batch_invalid', `batch rejected: ${problems.length} problem(s), nothing stored`, problems.slice(0, 50));
      }
      const ack = await s.batches.ingest(kiosk, req.body, s.now());
      if (!ack.duplicate) {
        const slots = [...req.body.encounters.map((e) => e.slot), ...req.body.slot_keys.map((k) => k.slot)];
        // Exposures of open F0 cases that overlap the new data are recomputed in the
        // background (exposure-engine.ts, queueOverlapping); the upload is answered now.
        if (slots.length > 0) s.engine.queueOverlapping(Math.min(...slots) - 1, Math.max(...slots) + 1);
      }
      return ack;
    },
  );

  app.get(
    KIOSK_API.notices,
    { config: { access: KIOSK },
      schema: routeSchema({ tags: ['kiosk'], summary: 'Notices for this kiosk’s venue', security: 'kiosk', response: { 200: KioskNoticesResponse } }),
    },
    async (req) => {
      const kiosk = req.kiosk!;
      const t = s.now();
      await s.kiosks.touch(kiosk.id, t);
      const rows = await s.notices.forVenueWithAck(kiosk.venue_id, t - s.config.retentionDays * 86_400_000);
      await s.notices.markFetched(kiosk.id, rows.map((n) => n.id), t);
      return {
        notices: rows.map((n) => ({
          id: n.id,
          kind: n.kind as 'exposure' | 'message',
          message_vi: n.message_vi,
          message_en: n.message_en,
          created_at: n.created_at,
          ...(n.first_slot !== null ? { first_slot: n.first_slot } : {}),
          ...(n.last_slot !== null ? { last_slot: n.last_slot } : {}),
          ...(n.acknowledged_at !== null ? { acknowledged_at: n.acknowledged_at } : {}),
        })),
      };
    },
  );

  app.post<{ Params: Static<typeof NoticeIdParams>; Body: NoticeAckRequest }>(
    KIOSK_API.noticeAckRoute,
    {
      config: { access: KIOSK },
      schema: routeSchema({ tags: ['kiosk'], summary: 'Staff acknowledged a notice on this kiosk', security: 'kiosk', params: NoticeIdParams, body: NoticeAckRequest, response: { 200: NoticeAckResponse } }),
    },
    async (req) => {
      const kiosk = req.kiosk!;
      const notice = await s.notices.get(req.params.id);
      // Another venue's notice is answered like a missing one: a kiosk learns nothing of it.
      if (!notice || notice.venue_id !== kiosk.venue_id) throw new ApiError(404, 'notice_not_found', 'no such notice for this kiosk’s venue');
      const t = s.now();
      // Staff may acknowledge offline and the kiosk report it later, but never before the
      // notice existed nor in the future.
      const at = Math.min(Math.max(req.body.acknowledged_at, Number(notice.created_at)), t);
      const kept = await s.notices.acknowledge(notice.id, kiosk.id, at, t);
      if (notice.exposure_id) {
        const e = await s.exposures.get(notice.exposure_id);
        if (e) await s.lifecycle.refresh(e);
      }
      return { notice_id: notice.id, acknowledged_at: kept };
    },
  );

  app.post<{ Body: RotateKeyRequest }>(
    KIOSK_API.rotateKey,
    {
      config: { access: KIOSK },
      schema: routeSchema({ tags: ['kiosk'], summary: 'Replace this kiosk’s key; signed with the current key, the new one is used from the next request', security: 'kiosk', body: RotateKeyRequest, response: { 200: RotateKeyResponse } }),
    },
    async (req) => {
      const kiosk = req.kiosk!;
      const raw = Buffer.from(req.body.public_key, 'base64');
      try {
        publicKeyFromRaw(raw);
      } catch {
        throw new ApiError(400, 'public_key_invalid', 'public_key must be a raw 32-byte Ed25519 key in base64');
      }
      if (!(await s.kiosks.rotateKey(kiosk.id, kiosk.public_key, raw.toString('base64')))) {
        throw new ApiError(401, 'kiosk_revoked', 'this kiosk’s key changed or it was revoked meanwhile');
      }
      req.log.info({ kiosk: kiosk.id.slice(0, 8) }, 'kiosk key rotated');
      return { kiosk_id: kiosk.id, rotated_at: s.now() };
    },
  );
}
