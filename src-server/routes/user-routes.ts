// User administration (admin only): create officials, ICT officers and venue managers; change
// their role, scope or disabled state; reset their password. Disabling an account or resetting
// its password ends its sessions at once.
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { AdminPasswordRequest, CreateUserRequest, IdParams, UpdateUserRequest, UserList, UserView, OkResponse } from '../../shared/api/server-api.js';
import type { Role } from '../../shared/api/server-api.js';
import { routeSchema } from '../http/route-schema.js';
import { ApiError, badRequest, notFound } from '../http/api-error.js';
import { userOf } from '../auth/guards.js';
import { passwordProblem } from '../auth/password.js';
import { users as usersOf } from '../http/access.js';
import { userView } from './views.js';
import type { VenuesRepo } from '../repositories/venues-repo.js';

type Id = { Params: Static<typeof IdParams> };
const ADMIN_ONLY = usersOf(['admin'], 'global');

/** The scope rules a role imposes, shared by create and update. */
async function checkScope(venues: VenuesRepo, role: Role, province: string | null | undefined, venueIds: readonly string[]): Promise<void> {
  const scoped = role === 'health_official' || role === 'ict_officer';
  if (scoped && !province) throw badRequest('province_required', `${role} needs a province`);
  if (role === 'venue_manager' && venueIds.length === 0) throw badRequest('venues_required', 'venue_manager needs venue_ids');
  if (role !== 'venue_manager' && venueIds.length > 0) throw badRequest('venues_not_allowed', 'only venue managers have venue_ids');
  if ((await venues.countExisting(venueIds)) !== new Set(venueIds).size) throw badRequest('unknown_venue', 'a venue id does not exist');
}

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const { users, venues, audit, now, passwords } = app.services;

  app.post<{ Body: CreateUserRequest }>(
    '/v1/users',
    { config: { access: ADMIN_ONLY }, schema: routeSchema({ tags: ['users'], summary: 'Create a user (admin)', security: 'bearer', body: CreateUserRequest, response: { 201: UserView } }) },
    async (req, reply) => {
      const admin = userOf(req);
      const b = req.body;
      const scoped = b.role === 'health_official' || b.role === 'ict_officer';
      const venueIds = [...new Set(b.venue_ids ?? [])];
      await checkScope(venues, b.role, b.province, venueIds);
      if (await users.findByUsername(b.username)) throw new ApiError(409, 'username_taken', 'username already exists');
      const id = await users.create({ username: b.username, passwordHash: await passwords.hash(b.password), role: b.role, province: scoped ? b.province! : null, venueIds }, now());
      await audit.write(admin, 'user.create', id, { role: b.role }, now());
      const p = await users.principal(id);
      return reply.status(201).send(userView(p!));
    },
  );

  app.get('/v1/users', { config: { access: ADMIN_ONLY }, schema: routeSchema({ tags: ['users'], summary: 'List users (admin)', security: 'bearer', response: { 200: UserList } }) }, async () => ({
    users: (await users.list()).map(userView),
  }));

  app.patch<Id & { Body: UpdateUserRequest }>(
    '/v1/users/:id',
    {
      config: { access: ADMIN_ONLY },
      schema: routeSchema({ tags: ['users'], summary: 'Change a user’s role, scope or disabled state (admin); disabling ends their sessions', security: 'bearer', params: IdParams, body: UpdateUserRequest, response: { 200: UserView } }),
    },
    async (req) => {
      const admin = userOf(req);
      const current = await users.principal(req.params.id);
      if (!current) throw notFound('user');
      const b = req.body;
      if (b.disabled === true && current.id === admin.id) throw badRequest('cannot_disable_self', 'an admin cannot disable their own account');
      const role = b.role ?? current.role;
      const scoped = role === 'health_official' || role === 'ict_officer';
      const province = scoped ? (b.province !== undefined ? b.province : current.province) : null;
      const venueIds = role === 'venue_manager' ? [...new Set(b.venue_ids ?? current.venueIds)] : (b.venue_ids ?? []);
      await checkScope(venues, role, province, venueIds);
      await users.update(current.id, { role, province, venueIds: role === 'venue_manager' ? venueIds : [], ...(b.disabled === undefined ? {} : { disabled: b.disabled }) }, now());
      await audit.write(admin, 'user.update', current.id, { ...b }, now());
      return userView((await users.principal(current.id))!);
    },
  );

  app.post<Id & { Body: AdminPasswordRequest }>(
    '/v1/users/:id/password',
    {
      config: { access: ADMIN_ONLY },
      schema: routeSchema({ tags: ['users'], summary: 'Reset a user’s password (admin); their sessions end', security: 'bearer', params: IdParams, body: AdminPasswordRequest, response: { 200: OkResponse } }),
    },
    async (req) => {
      const admin = userOf(req);
      const target = await users.principal(req.params.id);
      if (!target) throw notFound('user');
      const problem = passwordProblem(req.body.password);
      if (problem) throw badRequest('password_weak', problem);
      await users.setPassword(target.id, await passwords.hash(req.body.password));
      await audit.write(admin, 'user.password_reset', target.id, {}, now());
      return { ok: true };
    },
  );
}
