// Public, unauthenticated exposure feed: index, immutable batch files and the public keys.
// Signatures travel in headers over the exact body bytes, so files stay byte-identical for caches.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { FEED_KEY_ID_HEADER, FEED_SIGNATURE_HEADER, FeedPublicKeys } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { PUBLIC } from '../http/access.js';
import { notFound } from '../http/api-error.js';
import type { SignedDocument } from '../feed/feed-publisher.js';

const BatchParams = Type.Object({ file: Type.String({ pattern: '^[a-z0-9]{1,16}-[0-9a-f]{8}\\.json$' }) }, { additionalProperties: false });

function sendSigned(reply: FastifyReply, doc: SignedDocument, cache: string) {
  return reply
    .type('application/json; charset=utf-8')
    .header(FEED_SIGNATURE_HEADER, doc.signature)
    .header(FEED_KEY_ID_HEADER, doc.keyId)
    .header('cache-control', cache)
    .send(doc.body);
}

export async function feedRoutes(app: FastifyInstance): Promise<void> {
  const { publisher, feed } = app.services;

  app.get('/v1/feed/index.json', { config: { access: PUBLIC }, schema: routeSchema({ tags: ['feed'], summary: 'Signed index of exposure feed batches', response: { 200: Type.String() } }) }, async (_req, reply) =>
    sendSigned(reply, await publisher.index(), 'public, max-age=60'),
  );

  app.get('/v1/feed/keys.json', { config: { access: PUBLIC }, schema: routeSchema({ tags: ['feed'], summary: 'Feed public keys (Ed25519, raw base64)', response: { 200: FeedPublicKeys } }) }, async (_req, reply) => {
    await publisher.activeKey();
    const keys = await feed.keys();
    return reply.header('cache-control', 'public, max-age=300').send({
      algorithm: 'Ed25519' as const,
      keys: keys.map((k) => ({ key_id: k.id, public_key: k.public_key, active: k.active === 1, created_at: k.created_at })),
    });
  });

  app.get<{ Params: Static<typeof BatchParams> }>(
    '/v1/feed/:file',
    { config: { access: PUBLIC }, schema: routeSchema({ tags: ['feed'], summary: 'One immutable, signed feed batch', params: BatchParams, response: { 200: Type.String() } }) },
    async (req, reply) => {
      const doc = await publisher.batch(req.params.file.slice(0, -'.json'.length));
      if (!doc) throw notFound('feed batch');
      return sendSigned(reply, doc, 'public, max-age=31536000, immutable');
    },
  );
}
