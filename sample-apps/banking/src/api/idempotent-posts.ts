import { createHash } from 'node:crypto';
import type { UnitOfWork } from '@jetbox/core';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { isDuplicateKey } from '../persistence/driver-errors';
import { HttpError, type HttpResult } from './http-result';
import { IdempotencyKey } from './idempotency-key.entity';

/** Runs `work` in one database transaction with an outbox unit of work (`app.transaction`). */
export type TransactionRunner = <T>(work: (uow: UnitOfWork<EntityManager>) => Promise<T>) => Promise<T>;

/** Runs `read` against committed state. */
export type StateReader = <T>(read: (manager: EntityManager) => Promise<T>) => Promise<T>;

const HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 255;

/** The key was claimed by a request that committed first. */
class KeyTaken extends Error {}

/**
 * POST handling with `Idempotency-Key`. The request's effect runs in one transaction that first
 * claims the key (a row in `idempotency_keys`) and finally stores the answer there: the effect and
 * the stored answer commit together. A request repeating a stored key gets the stored answer and
 * changes nothing; one racing the first waits for it on the key's row, then does the same. The same
 * key with another method, path or body is refused (422), as the IETF Idempotency-Key draft asks.
 * Answers thrown as `HttpError` (400, 404) roll back and are not stored; a retry then runs afresh.
 */
export class IdempotentPosts {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly read: StateReader,
  ) {}

  /** Runs `effect` once per key (every time without a key). */
  async run(request: FastifyRequest, effect: (uow: UnitOfWork<EntityManager>) => Promise<HttpResult>): Promise<HttpResult> {
    const key = keyOf(request);
    if (key === undefined) return this.transaction(effect);
    const fingerprint = fingerprintOf(request);
    const stored = await this.find(key);
    if (stored) return replay(stored, fingerprint);
    try {
      return await this.transaction(async (uow) => {
        await claim(uow.manager, key, fingerprint);
        const result = await effect(uow);
        await uow.manager.update(IdempotencyKey, { key }, { statusCode: result.status, responseBody: JSON.stringify(result.body) });
        return result;
      });
    } catch (error) {
      if (!(error instanceof KeyTaken)) throw error;
      const winner = await this.find(key);
      if (!winner) throw new HttpError(409, { error: 'idempotency_key_in_use', message: `a request with Idempotency-Key '${key}' is being processed; retry shortly` });
      return replay(winner, fingerprint);
    }
  }

  private find(key: string): Promise<IdempotencyKey | null> {
    return this.read((manager) => manager.findOneBy(IdempotencyKey, { key }));
  }
}

function keyOf(request: FastifyRequest): string | undefined {
  const value = request.headers[HEADER];
  if (value === undefined) return undefined;
  if (Array.isArray(value) || value.length === 0 || value.length > MAX_KEY_LENGTH) {
    throw HttpError.badRequest(`the Idempotency-Key header must be one value of 1 to ${MAX_KEY_LENGTH} characters, e.g. a UUID`);
  }
  return value;
}

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
}

async function claim(manager: EntityManager, key: string, fingerprint: string): Promise<void> {
  try {
    await manager.insert(IdempotencyKey, { key, fingerprint, statusCode: 0, responseBody: '', createdAt: Date.now() });
  } catch (error) {
    throw isDuplicateKey(error) ? new KeyTaken(key) : error;
  }
}

function replay(stored: IdempotencyKey, fingerprint: string): HttpResult {
  if (stored.fingerprint !== fingerprint) {
    throw new HttpError(422, {
      error: 'idempotency_key_reused',
      message: `Idempotency-Key '${stored.key}' was already used for a different request (method, path or body); use a new key for a new request`,
    });
  }
  return { status: stored.statusCode, body: JSON.parse(stored.responseBody) as unknown, replayed: true };
}
