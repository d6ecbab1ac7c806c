import { createHash, createHmac } from 'node:crypto';
import type {
  AuditLogRepository,
  StoredAuditEntry,
} from '../store/repositories/audit-log-repository.ts';

/**
 * Tamper-evident audit trail: each entry carries the hash of the previous one and its own
 * SHA-256 (HMAC-SHA256 when a server key is configured) over a canonical serialisation of its
 * content, so editing, removing or reordering a row breaks the chain at that row.
 *
 * Limits (documented in docs/api.md): removing the newest rows leaves a valid shorter chain;
 * without MICROCAP_AUDIT_KEY someone with write access to the table can recompute every hash.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** Appends that lose the race for the chain's end retry after the new end, this many times. */
const MAX_APPEND_ATTEMPTS = 50;

export interface AuditEvent {
  readonly actor: string | null;
  readonly action: string;
  readonly target?: string | null;
  readonly details?: unknown;
  readonly ip?: string | null;
}

export type AuditProblem = 'edited' | 'removed-or-reordered';

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  /** The first row that does not fit the chain, when one exists. */
  readonly firstBad: {
    readonly seq: number;
    readonly problem: AuditProblem;
    readonly message: string;
  } | null;
}

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private/i;
const REDACTED = '[redacted]';

/** Whether a field of that name holds a secret (never written to the trail or echoed back). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `value` with every secret-looking key's value replaced (any depth). */
export function sanitiseDetails(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => sanitiseDetails(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) ? REDACTED : sanitiseDetails(item, depth + 1);
    }
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

type HashedFields = Pick<
  StoredAuditEntry,
  'ts' | 'actor' | 'action' | 'target' | 'details' | 'ip' | 'prevHash'
>;

export function hashEntry(entry: HashedFields, key?: string): string {
  const text = canonicalJson({
    v: 1,
    ts: entry.ts,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details,
    ip: entry.ip,
    prevHash: entry.prevHash,
  });
  return key
    ? createHmac('sha256', key).update(text).digest('hex')
    : createHash('sha256').update(text).digest('hex');
}

export class AuditTrail {
  readonly #repository: AuditLogRepository;
  readonly #key: string | undefined;
  /** Appends run one at a time: each needs the hash the previous one wrote. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(repository: AuditLogRepository, key?: string) {
    this.#repository = repository;
    this.#key = key;
  }

  record(event: AuditEvent, now = Date.now()): Promise<number> {
    const run = this.#tail.then(async () => {
      // Stored details are JSON: hash exactly what will be read back.
      const details = JSON.parse(JSON.stringify(sanitiseDetails(event.details ?? null)) ?? 'null');
      let last = await this.#repository.last();
      for (let attempt = 1; ; attempt++) {
        const fields: HashedFields = {
          ts: now,
          actor: event.actor,
          action: event.action,
          target: event.target ?? null,
          details,
          ip: event.ip ?? null,
          prevHash: last?.hash ?? GENESIS_HASH,
        };
        try {
          return await this.#repository.append({ ...fields, hash: hashEntry(fields, this.#key) });
        } catch (error) {
          // Another process appended after the same entry first (prev_hash is unique): link
          // to the new last entry instead of forking the chain. Any other failure, or an end
          // that did not move, is the error itself.
          const newLast = await this.#repository.last();
          if (
            attempt >= MAX_APPEND_ATTEMPTS ||
            newLast === null ||
            newLast.hash === fields.prevHash
          ) {
            throw error;
          }
          last = newLast;
        }
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async verify(): Promise<AuditVerification> {
    let previous: StoredAuditEntry | null = null;
    let checked = 0;
    for (;;) {
      const page = await this.#repository.list({ afterSeq: previous?.seq, limit: 1_000 });
      if (page.length === 0) return { ok: true, checked, firstBad: null };
      for (const entry of page) {
        const expectedPrev = previous?.hash ?? GENESIS_HASH;
        if (entry.prevHash !== expectedPrev) {
          const after = previous ? `row ${previous.seq}` : 'the start of the log';
          return {
            ok: false,
            checked,
            firstBad: {
              seq: entry.seq,
              problem: 'removed-or-reordered',
              message:
                `audit row ${entry.seq}: its previous-hash does not match ${after}; ` +
                'a row before it was removed or the rows were reordered',
            },
          };
        }
        if (hashEntry(entry, this.#key) !== entry.hash) {
          return {
            ok: false,
            checked,
            firstBad: {
              seq: entry.seq,
              problem: 'edited',
              message: `audit row ${entry.seq}: its content does not match its hash; the row was edited`,
            },
          };
        }
        checked += 1;
        previous = entry;
      }
    }
  }
}
