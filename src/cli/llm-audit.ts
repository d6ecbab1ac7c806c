import { cliActor } from '../server/admin-context.ts';
import { AuditTrail } from '../server/audit-trail.ts';
import { loadAuditKey } from '../server/server-config.ts';
import type { Store } from '../store/database.ts';
import { createRepositories } from '../store/repositories/index.ts';

/**
 * What CLI commands that call an LLM pass to createAiService: the store's audit trail (keyed
 * with MICROCAP_AUDIT_KEY when set, as the server's) and `cli:<os user>`, so each call is
 * chained into audit_log as `llm.call` like the server's own state changes.
 */
export function cliCallAudit(store: Store): { trail: AuditTrail; actor: string } {
  return {
    trail: new AuditTrail(createRepositories(store).audit, loadAuditKey()),
    actor: cliActor(),
  };
}
