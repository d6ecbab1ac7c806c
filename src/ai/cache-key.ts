import { createHash } from 'node:crypto';

/** SHA-256 hex of a text (prompt and response hashes for the audit trail). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every level: equal inputs give equal text, hence equal keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export interface CacheKeyParts {
  readonly provider: string;
  readonly model: string;
  readonly task: string;
  readonly templateVersion: string;
  readonly input: unknown;
}

/** The cache and replay key: SHA-256 of provider, model, task, template version and input. */
export function analysisCacheKey(parts: CacheKeyParts): string {
  return sha256(
    canonicalJson({
      provider: parts.provider,
      model: parts.model,
      task: parts.task,
      templateVersion: parts.templateVersion,
      input: parts.input,
    }),
  );
}
