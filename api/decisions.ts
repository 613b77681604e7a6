/**
 * Sending a clerk's decision to a case's workflow as an Update: only within the actor's own
 * jurisdiction; the Update ID is the Idempotency-Key (so Temporal applies it once); a refusal comes
 * back as the DomainError the validator raised (403s are logged); a finished workflow means the case
 * is closed.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors';
import type { Jurisdiction } from '../domain/people';
import type { RouteContext } from './app';
import { fromUpdateFailure } from './errors';

export async function sendDecision<Cmd extends object>(opts: {
  ctx: RouteContext; temporal: Client; request: FastifyRequest; workflowId: string; caseJurisdiction: Jurisdiction;
  update: UpdateDefinition<unknown, [Cmd & { actor: NonNullable<FastifyRequest['actor']> }]>; command: Cmd;
  closedError: () => Promise<DomainError>;
}): Promise<void> {
  const { ctx, request, workflowId } = opts;
  const actor = request.actor!;
  if (actor.jurisdiction !== opts.caseJurisdiction) {
    const error = new DomainError('OUT_OF_JURISDICTION', '只能办理本辖区的案件', { caseJurisdiction: opts.caseJurisdiction, actorJurisdiction: actor.jurisdiction });
    await ctx.logDenied(request, error, workflowId);
    throw error;
  }
  const key = request.headers['idempotency-key'];
  try {
    await opts.temporal.workflow.getHandle(workflowId).executeUpdate(opts.update, {
      args: [{ ...opts.command, actor }],
      updateId: typeof key === 'string' ? `${actor.username}:${key}` : randomUUID(),
    });
  } catch (e) {
    const refused = fromUpdateFailure(e);
    if (refused) {
      if (refused.code === 'ROLE_NOT_ALLOWED' || refused.code === 'OUT_OF_JURISDICTION') await ctx.logDenied(request, refused, workflowId);
      throw refused;
    }
    if (e instanceof WorkflowNotFoundError) throw await opts.closedError();
    throw e;
  }
  request.log.info({ action: (opts.command as { action?: string }).action, actor: actor.username }, 'decision applied');
}
