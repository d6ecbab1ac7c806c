import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import type { JobHandler } from '../jobs/types.ts';
import { withStore } from '../store/with-store.ts';
import { csvBarSource, storeBarSource } from './bar-source.ts';
import { runPaperDay, type PaperRunResult } from './service.ts';

const payloadSchema = z.object({
  portfolio: z.string().min(1),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
  /** Read bars from DIR/SYMBOL.csv instead of the database. */
  data: z.string().min(1).optional(),
});

export type PaperRunPayload = z.infer<typeof payloadSchema>;

/**
 * The `paper-run` job: the daily routine of one portfolio on a worker. Safe to retry and to
 * deliver twice: the run itself is idempotent per portfolio and date (submit with the
 * idempotency key `paper-run:<portfolio>:<date>` to avoid even the duplicate work).
 */
export function createPaperRunJobHandler(options: { databaseUrl?: string } = {}): JobHandler {
  return async (payload, context): Promise<PaperRunResult> => {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`paper-run.${issue.path.join('.')}`, payload, issue.message);
    }
    const { portfolio, date, data } = parsed.data;
    context.reportProgress(0.1, `paper run ${portfolio}`);
    return withStore(
      (store) =>
        runPaperDay(
          { store, bars: data ? csvBarSource(data) : storeBarSource(store) },
          portfolio,
          date,
        ),
      options.databaseUrl,
    );
  };
}
