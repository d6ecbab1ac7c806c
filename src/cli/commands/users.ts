import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { writeJson, writeOut } from '../output.ts';

/** Reads a password from stdin (first line), so it never appears in the process list. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new InputError('--password-stdin', '', 'stdin held no password');
  return line;
}

interface PasswordOptions {
  passwordStdin?: boolean;
}

export function registerUsersCommand(program: Command): void {
  const users = program
    .command('users')
    .description('Manage API users and roles in the database (DATABASE_URL)')
    .addHelpText(
      'after',
      '\nRoles: admin, trader, analyst, portfolio-manager, compliance, viewer ' +
        '(docs/permissions.md).\nWithout --password-stdin a password is generated and printed once.',
    );

  users
    .command('add')
    .description('Create a user')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--role <role>', 'one of the roles')
    .option('--name <display name>', 'display name')
    .option('--password-stdin', 'read the password (12+ characters) from stdin')
    .option('--json', 'print { id, email, role, password? }')
    .action(
      async (
        options: PasswordOptions & { email: string; role: string; name?: string; json?: boolean },
      ) => {
        const { withAdminContext } = await import('../../server/admin-context.ts');
        const { createUser, generatePassword, checkRole } =
          await import('../../server/user-admin.ts');
        checkRole(options.role);
        const generated = options.passwordStdin ? null : generatePassword();
        const password = generated ?? (await readPasswordFromStdin());
        const user = await withAdminContext(async (ctx) => {
          const created = await createUser(ctx.repos.users, {
            email: options.email,
            password,
            role: options.role,
            displayName: options.name ?? null,
          });
          await ctx.audit.record({
            actor: ctx.actor,
            action: 'user.create',
            target: created.id,
            details: { email: created.email, role: created.role },
          });
          return created;
        });
        if (options.json) {
          await writeJson({
            id: user.id,
            email: user.email,
            role: user.role,
            ...(generated ? { password: generated } : {}),
          });
        } else {
          await writeOut(`created ${user.email} (${user.role}), id ${user.id}\n`);
          if (generated) await writeOut(`password (shown once): ${generated}\n`);
        }
      },
    );

  users
    .command('list')
    .description('List users')
    .option('--json', 'print an array of { id, email, role, displayName, disabled, lastLoginAt }')
    .action(async (options: { json?: boolean }) => {
      const { withAdminContext } = await import('../../server/admin-context.ts');
      const list = await withAdminContext((ctx) => ctx.repos.users.list());
      const rows = list.map((u) => ({
        id: u.id,
        email: u.email,
        role: u.role,
        displayName: u.displayName,
        disabled: u.disabled,
        lastLoginAt: u.lastLoginAt === null ? null : new Date(u.lastLoginAt).toISOString(),
      }));
      if (options.json) return writeJson(rows);
      if (rows.length === 0) return writeOut('no users\n');
      const width = Math.max(...rows.map((r) => r.email.length), 5);
      const lines = rows.map(
        (r) =>
          `${r.email.padEnd(width)}  ${r.role.padEnd(17)}  ${r.disabled ? 'disabled' : 'active  '}  ${r.lastLoginAt ?? 'never'}`,
      );
      await writeOut(
        `${'EMAIL'.padEnd(width)}  ${'ROLE'.padEnd(17)}  STATUS    LAST LOGIN\n${lines.join('\n')}\n`,
      );
    });

  users
    .command('set-role')
    .description("Change a user's role (ends the user's sessions)")
    .argument('<email>', 'the user')
    .argument('<role>', 'the new role')
    .action(async (email: string, role: string) => {
      const { withAdminContext } = await import('../../server/admin-context.ts');
      const { checkRole } = await import('../../server/user-admin.ts');
      checkRole(role);
      const revoked = await withAdminContext(async (ctx) => {
        const user = await ctx.repos.users.findByEmail(email);
        if (!user) throw new InputError('email', email, 'no such user');
        await ctx.repos.users.update(user.id, { role });
        const count = await ctx.sessions.revokeAllForUser(user.id, 'role-changed');
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'user.update',
          target: user.id,
          details: { role, previousRole: user.role, sessionsRevoked: count },
        });
        return count;
      });
      await writeOut(`${email}: role ${role}; ${revoked} session(s) ended\n`);
    });

  users
    .command('reset-password')
    .description(
      "Set a new password (generated unless --password-stdin) and end the user's sessions",
    )
    .argument('<email>', 'the user')
    .option('--password-stdin', 'read the new password from stdin')
    .action(async (email: string, options: PasswordOptions) => {
      const { withAdminContext } = await import('../../server/admin-context.ts');
      const { generatePassword } = await import('../../server/user-admin.ts');
      const { checkPasswordPolicy, hashPassword } = await import('../../server/passwords.ts');
      const generated = options.passwordStdin ? null : generatePassword();
      const password = generated ?? (await readPasswordFromStdin());
      checkPasswordPolicy(password);
      await withAdminContext(async (ctx) => {
        const user = await ctx.repos.users.findByEmail(email);
        if (!user) throw new InputError('email', email, 'no such user');
        await ctx.repos.users.update(user.id, { passwordHash: await hashPassword(password) });
        const count = await ctx.sessions.revokeAllForUser(user.id, 'password-reset');
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'user.password-reset',
          target: user.id,
          details: { sessionsRevoked: count },
        });
      });
      await writeOut(`${email}: password changed; sessions ended\n`);
      if (generated) await writeOut(`new password (shown once): ${generated}\n`);
    });
}
