import type { FastifyRequest } from 'fastify';
import type { SessionMeta } from './auth/refresh-sessions.ts';

export function clientMeta(request: FastifyRequest): SessionMeta {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}

/**
 * Writes one audit entry for what this request did. The actor is the verified caller unless
 * given (login, where there is no token yet); the audit trail redacts secret-looking fields.
 */
export async function recordAudit(
  request: FastifyRequest,
  action: string,
  target: string | null,
  details: unknown = null,
  actor?: string | null,
): Promise<void> {
  const who =
    actor !== undefined ? actor : ((request.user as { sub?: string } | undefined)?.sub ?? null);
  await request.server.services.audit.record({
    actor: who,
    action,
    target,
    details: { ...((details as object | null) ?? {}), requestId: String(request.id) },
    ip: request.ip ?? null,
  });
}
