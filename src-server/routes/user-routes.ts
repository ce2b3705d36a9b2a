// User administration (admin only): create officials, ICT officers and venue managers.
import type { FastifyInstance } from 'fastify';
import { CreateUserRequest, UserList, UserView } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError, badRequest } from '../http/api-error.js';
import { userOf } from '../auth/guards.js';
import { users as usersOf } from '../http/access.js';
import { hashPassword } from '../auth/password.js';
import { userView } from './views.js';

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const { users, venues, audit, now } = app.services;

  app.post<{ Body: CreateUserRequest }>(
    '/v1/users',
    { config: { access: usersOf(['admin'], 'global') }, schema: routeSchema({ tags: ['users'], summary: 'Create a user (admin)', security: 'bearer', body: CreateUserRequest, response: { 201: UserView } }) },
    async (req, reply) => {
      const admin = userOf(req);
      const b = req.body;
      const scoped = b.role === 'health_official' || b.role === 'ict_officer';
      if (scoped && !b.province) throw badRequest('province_required', `${b.role} needs a province`);
      const venueIds = b.venue_ids ?? [];
      if (b.role === 'venue_manager' && venueIds.length === 0) throw badRequest('venues_required', 'venue_manager needs venue_ids');
      if (b.role !== 'venue_manager' && venueIds.length > 0) throw badRequest('venues_not_allowed', 'only venue managers have venue_ids');
      if ((await venues.countExisting(venueIds)) !== new Set(venueIds).size) throw badRequest('unknown_venue', 'a venue id does not exist');
      if (await users.findByUsername(b.username)) throw new ApiError(409, 'username_taken', 'username already exists');
      const id = await users.create(
        { username: b.username, passwordHash: await hashPassword(b.password), role: b.role, province: scoped ? b.province! : null, venueIds: [...new Set(venueIds)] },
        now(),
      );
      await audit.write(admin, 'user.create', id, { role: b.role }, now());
      const p = await users.principal(id);
      return reply.status(201).send(userView(p!));
    },
  );

  app.get('/v1/users', { config: { access: usersOf(['admin'], 'global') }, schema: routeSchema({ tags: ['users'], summary: 'List users (admin)', security: 'bearer', response: { 200: UserList } }) }, async (req) => {
    userOf(req);
    return { users: (await users.list()).map(userView) };
  });
}
