import type { Command } from 'commander';
import { writeJson, writeOut } from '../output.ts';

export function registerKeysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('Master keys for the API keys stored encrypted in the database')
    .addHelpText(
      'after',
      '\nRotation: set MICROCAP_MASTER_KEY to a new key with a higher version (from ' +
        '`microcap keys generate --key-version N`), put the old one in MICROCAP_OLD_MASTER_KEYS, run ' +
        '`microcap keys rotate`, then drop the old key.',
    );

  keys
    .command('generate')
    .description('Print a new random master key (VERSION:base64) for MICROCAP_MASTER_KEY')
    .option('--key-version <n>', 'key version (raise it on every rotation)', '1')
    .action(async (options: { keyVersion: string }) => {
      const { InputError } = await import('../../domain/errors.ts');
      const { generateMasterKeyText } = await import('../../infra/secrets.ts');
      const version = Number(options.keyVersion);
      if (!Number.isInteger(version) || version < 1 || version > 999_999) {
        throw new InputError(
          '--key-version',
          options.keyVersion,
          'expected a whole number from 1 to 999999',
        );
      }
      await writeOut(generateMasterKeyText(version) + '\n');
    });

  keys
    .command('rotate')
    .description(
      'Re-encrypt every stored API key under MICROCAP_MASTER_KEY (old keys from ' +
        'MICROCAP_OLD_MASTER_KEYS decrypt the existing rows)',
    )
    .option('--json', 'print { rotated, total, keyVersion }')
    .action(async (options: { json?: boolean }) => {
      const { withAdminContext } = await import('../../server/admin-context.ts');
      const { resolveKeyring } = await import('../../infra/secrets.ts');
      const { CredentialVault } = await import('../../server/credential-vault.ts');
      const outcome = await withAdminContext(async (ctx) => {
        const keyring = resolveKeyring({
          masterKey: ctx.config.masterKey,
          oldMasterKeys: ctx.config.oldMasterKeys,
          production: ctx.config.production,
          keyFile: ctx.config.masterKeyFile,
          warn: (message) => process.stderr.write(message + '\n'),
        });
        const result = await new CredentialVault(ctx.repos.credentials, keyring).rotate();
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'credentials.rotate',
          target: null,
          details: { ...result, keyVersion: keyring.current.version },
        });
        return { ...result, keyVersion: keyring.current.version };
      });
      if (options.json) await writeJson(outcome);
      else {
        await writeOut(
          `re-encrypted ${outcome.rotated} of ${outcome.total} stored key(s) under master key version ${outcome.keyVersion}\n`,
        );
      }
    });
}
