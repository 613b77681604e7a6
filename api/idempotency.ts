/**
 * Idempotency-Key: a repeated create or act request returns the first answer and applies nothing
 * again. Keys are scoped to the user; the same key with a different request is refused (422).
 * Concurrent duplicates are also safe below this layer: the case's workflow ID is its business key
 * and the act's Update ID is the key, so Temporal applies each once.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PrismaClient } from '../generated/prisma/client';
import { DomainError, errorStatus } from '../domain/errors';
import type { Actor } from '../domain/people';

export interface Outcome {
  status: number;
  body: unknown;
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\w.:-]{8,128}$/.test(key)) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key 应为8–128位字母、数字或 . _ : -', { field: 'Idempotency-Key' });
  }
  return key;
}

export async function idempotent(
  prisma: PrismaClient,
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  run: () => Promise<Outcome>,
): Promise<FastifyReply> {
  const key = idempotencyKey(request);
  if (!key) {
    const out = await run();
    return reply.status(out.status).send(out.body);
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const replay = async () => {
    const stored = await prisma.idempotencyRecord.findUnique({ where: { actor_key: { actor: actor.username, key } } });
    if (!stored) return null;
    if (stored.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个请求，请换一个新的', { key });
    }
    return reply.header('idempotent-replayed', 'true').status(stored.statusCode).send(stored.body);
  };
  const earlier = await replay();
  if (earlier) return earlier;

  let out: Outcome;
  try {
    out = await run();
  } catch (e) {
    // A refusal is an answer too: the same request again gets the same refusal.
    if (!(e instanceof DomainError) || errorStatus[e.code] >= 500 || e.code === 'UNAUTHENTICATED') throw e;
    const { issues, ...facts } = e.facts as { issues?: unknown };
    out = {
      status: errorStatus[e.code],
      body: { code: e.code, message: e.message, ...(Object.keys(facts).length ? { facts } : {}), ...(issues ? { issues } : {}) },
    };
  }
  const saved = await prisma.idempotencyRecord.createMany({
    data: [{ key, actor: actor.username, requestHash, statusCode: out.status, body: out.body as object }],
    skipDuplicates: true,
  });
  if (saved.count === 0) return (await replay()) ?? reply.status(out.status).send(out.body);
  return reply.status(out.status).send(out.body);
}
