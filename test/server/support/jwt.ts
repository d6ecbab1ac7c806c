import { createHmac } from 'node:crypto';

/** Hand-made JWTs for the rejection tests (forged algorithms, claims and signatures). */
export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string,
  hash: 'sha256' | 'sha512' = 'sha256',
): string {
  const body = `${b64url(header)}.${b64url(payload)}`;
  return `${body}.${createHmac(hash, secret).update(body).digest('base64url')}`;
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
