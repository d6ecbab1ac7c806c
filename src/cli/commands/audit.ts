import type { Command } from 'commander';
import { writeJson, writeOut } from '../output.ts';

export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('The tamper-evident audit trail in the database (DATABASE_URL)');

  audit
    .command('verify')
    .description(
      'Recompute the hash chain (HMAC with MICROCAP_AUDIT_KEY when set) and name the first ' +
        'row that was edited, removed or reordered. Exit status 1 when the chain is broken.',
    )
    .option('--json', 'print { ok, checked, firstBad: { seq, problem, message } | null }')
    .action(async (options: { json?: boolean }) => {
      const { withAdminContext } = await import('../../server/admin-context.ts');
      const result = await withAdminContext((ctx) => ctx.audit.verify());
      if (options.json) await writeJson(result);
      else if (result.ok) await writeOut(`audit trail intact: ${result.checked} row(s) verified\n`);
      else await writeOut(`audit trail BROKEN: ${result.firstBad!.message}\n`);
      if (!result.ok) process.exitCode = 1;
    });

  audit
    .command('list')
    .description('Print audit entries in order')
    .option('--after <seq>', 'only entries after this sequence number', '0')
    .option('--limit <n>', 'at most this many entries', '100')
    .option('--json', 'print an array of entries')
    .action(async (options: { after: string; limit: string; json?: boolean }) => {
      const { InputError } = await import('../../domain/errors.ts');
      const after = Number(options.after);
      const limit = Number(options.limit);
      if (!Number.isInteger(after) || after < 0)
        throw new InputError('--after', options.after, 'expected a whole number');
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
        throw new InputError('--limit', options.limit, 'expected a whole number from 1 to 100000');
      }
      const { withAdminContext } = await import('../../server/admin-context.ts');
      const entries = await withAdminContext((ctx) =>
        ctx.repos.audit.list({ afterSeq: after, limit }),
      );
      if (options.json) return writeJson(entries);
      const lines = entries.map(
        (e) =>
          `${e.seq}\t${new Date(e.ts).toISOString()}\t${e.actor ?? '-'}\t${e.action}\t${e.target ?? '-'}\t${e.ip ?? '-'}`,
      );
      await writeOut(lines.length ? lines.join('\n') + '\n' : 'no entries\n');
    });
}
