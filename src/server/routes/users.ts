import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InputError } from '../../domain/errors.ts';
import { notFound } from '../http-errors.ts';
import { checkPasswordPolicy, hashPassword } from '../passwords.ts';
import { caller } from '../plugins/auth.ts';
import { recordAudit } from '../request-context.ts';
import { createUser } from '../user-admin.ts';
import type { UserPatch } from '../../store/repositories/user-repository.ts';
import { idParams, publicUser, publicUserSchema, roleSchema } from './shared-schemas.ts';

const createBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(12).max(256),
  role: roleSchema,
  displayName: z.string().max(255).nullable().optional(),
});

const patchBody = z
  .object({
    role: roleSchema.optional(),
    displayName: z.string().max(255).nullable().optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(12).max(256).optional(),
  })
  .strict();

/** User administration (admins); compliance may read the list. */
export async function userRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { repos, sessions } = base.services;

  app.get(
    '/api/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'List users',
        response: { 200: z.array(publicUserSchema) },
      },
    },
    async () => (await repos.users.list()).map(publicUser),
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: createBody,
        response: { 201: publicUserSchema },
      },
    },
    async (request, reply) => {
      const user = await createUser(repos.users, request.body);
      await recordAudit(request, 'user.create', user.id, { email: user.email, role: user.role });
      return reply.code(201).send(publicUser(user));
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: idParams,
        response: { 200: publicUserSchema },
      },
    },
    async (request) => {
      const user = await repos.users.findById(request.params.id);
      if (!user) throw notFound('user');
      return publicUser(user);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: ['users'],
        summary:
          'Change role, name, password or disable; role, password and disable end the user’s sessions',
        params: idParams,
        body: patchBody,
        response: { 200: publicUserSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const existing = await repos.users.findById(id);
      if (!existing) throw notFound('user');
      const body = request.body;
      if (id === caller(request).sub && (body.role !== undefined || body.disabled === true)) {
        throw new InputError('id', id, 'you cannot change your own role or disable yourself');
      }
      const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = {};
      if (body.role !== undefined) patch.role = body.role;
      if (body.displayName !== undefined) patch.displayName = body.displayName;
      if (body.disabled !== undefined) patch.disabled = body.disabled;
      if (body.password !== undefined) {
        checkPasswordPolicy(body.password);
        patch.passwordHash = await hashPassword(body.password);
      }
      const updated = await repos.users.update(id, patch);
      if (!updated) throw notFound('user');
      const endsSessions =
        (body.role !== undefined && body.role !== existing.role) ||
        body.disabled === true ||
        body.password !== undefined;
      if (endsSessions) await sessions.revokeAllForUser(id, 'user-changed');
      await recordAudit(request, 'user.update', id, {
        role: body.role,
        displayName: body.displayName,
        disabled: body.disabled,
        passwordChanged: body.password !== undefined,
        sessionsRevoked: endsSessions,
      });
      return publicUser(updated);
    },
  );

  app.delete(
    '/api/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: { tags: ['users'], summary: 'Delete a user', params: idParams },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (id === caller(request).sub) throw new InputError('id', id, 'you cannot delete yourself');
      await sessions.revokeAllForUser(id, 'user-deleted');
      if (!(await repos.users.delete(id))) throw notFound('user');
      await recordAudit(request, 'user.delete', id);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/users/:id/sessions',
    {
      config: { permission: 'users:manage' },
      schema: {
        tags: ['users'],
        summary: 'Revoke every session of a user (refresh and access tokens)',
        params: idParams,
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await repos.users.findById(id))) throw notFound('user');
      const revoked = await sessions.revokeAllForUser(id, 'admin-revoked');
      await recordAudit(request, 'user.sessions.revoke', id, { revoked });
      return { revoked };
    },
  );
}
