/**
 * Keeps credentials out of what we log and archive. Known secret values (the configured API
 * keys) are replaced wherever they appear, and so is anything shaped like an OpenAI key or a
 * bearer token, in case a key reached a prompt through user data.
 */

const KEY_PATTERNS = [/\bsk-[A-Za-z0-9_-]{8,}/g, /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi];
export const REDACTED = '[redacted]';

export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank ordinary words; real keys are long.
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}
