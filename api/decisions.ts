/**
 * Sending a clerk's decision to a case's workflow as an Update: only within the actor's own
 * jurisdiction; the Update ID is the Idempotency-Key (so Temporal applies it once); a refusal comes
 * back as the DomainError the validator raised (403s are logged); a finished workflow means the case
 * is closed.
 *
 * A retry with the same key gets the original outcome even across a crash of the API: Temporal
 * deduplicates the Update by its ID within a run (also once the run has closed), and when the run
 * that applied it has continued as new since (a renewal does, a long case may), the earlier runs are
 * asked for the Update's outcome before the current run's refusal is believed.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { recordEvent } from '../activities/record-event';
import { type CallerRecord, type DecisionDelivery, isCallerRecord } from '../workflows/decision-path';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors';
import type { Jurisdiction } from '../domain/people';
import type { RouteContext } from './app';
import { fromUpdateFailure } from './errors';
import { currentTask } from '../store/tasks';
import { displayNames } from './history';

export async function sendDecision<Cmd extends object>(opts: {
  ctx: RouteContext;
  temporal: Client;
  request: FastifyRequest;
  workflowId: string;
  caseJurisdiction: Jurisdiction;
  update: UpdateDefinition<unknown, [Cmd & { actor: NonNullable<FastifyRequest['actor']> }]>;
  command: Cmd;
  closedError: () => Promise<DomainError>;
  /** the task's claim, when the route read it alongside the record (one round trip fewer in series) */
  claim?: Promise<{ assignee: string; stage: string } | null>;
  /**
   * The version of the record's row the route read: every event up to it is committed, which the
   * workflow may take as the previous decision's record (DecisionDelivery.recordedThrough).
   */
  recordedVersion?: number;
}): Promise<void> {
  const { ctx, request, workflowId } = opts;
  const actor = request.actor!;
  if (actor.jurisdiction !== opts.caseJurisdiction) {
    const error = new DomainError('OUT_OF_JURISDICTION', '只能办理本辖区的案件', {
      caseJurisdiction: opts.caseJurisdiction,
      actorJurisdiction: actor.jurisdiction,
    });
    await ctx.logDenied(request, error, workflowId);
    throw error;
  }
  await refuseTaskHeldByOther(ctx, request, workflowId, opts.claim);
  const key = request.headers['idempotency-key'];
  const updateId = typeof key === 'string' ? `${actor.username}:${key}` : randomUUID();
  try {
    // Every process's Update takes the delivery as an optional second argument; one not on that path ignores it.
    const update = opts.update as unknown as UpdateDefinition<unknown, [Cmd & { actor: typeof actor }, DecisionDelivery]>;
    const answer = await opts.temporal.workflow.getHandle(workflowId).executeUpdate(update, {
      args: [
        { ...opts.command, actor },
        { callerRecords: true, recordedThrough: opts.recordedVersion },
      ],
      updateId,
    });
    if (isCallerRecord(answer)) await recordDecision(ctx, request, answer);
  } catch (e) {
    const refused = fromUpdateFailure(e);
    if (
      typeof key === 'string' &&
      (refused || e instanceof WorkflowNotFoundError) &&
      (await appliedInEarlierRun(opts.temporal, workflowId, updateId))
    ) {
      request.log.info(
        { action: (opts.command as { action?: string }).action, actor: actor.username, updateId },
        'decision was applied before (retried key)',
      );
      return;
    }
    if (refused) {
      if (refused.code === 'ROLE_NOT_ALLOWED' || refused.code === 'OUT_OF_JURISDICTION') await ctx.logDenied(request, refused, workflowId);
      throw refused;
    }
    if (e instanceof WorkflowNotFoundError) throw await opts.closedError();
    throw e;
  }
  request.log.info({ action: (opts.command as { action?: string }).action, actor: actor.username }, 'decision applied');
}

/**
 * Writes the record of a decision the workflow answered before recording it (DecisionDelivery in
 * workflows/decision-path.ts), so the clerk's next read shows it. The workflow's own record-event,
 * scheduled with the answer, finds it written; if this write fails, that record-event writes it, so
 * the decision (already applied) is answered, not refused.
 */
async function recordDecision(ctx: RouteContext, request: FastifyRequest, answer: CallerRecord): Promise<void> {
  try {
    await recordEvent(ctx.prisma, ctx.logger, answer.callerRecord, answer.runId);
  } catch (e) {
    if (e instanceof ApplicationFailure) throw e; // a sequence conflict: never hidden
    request.log.warn({ err: e, seq: answer.callerRecord.event.seq }, 'decision recorded by its workflow instead (the API could not)');
  }
}

/** How many runs back a retried key is looked for: a crash-retry comes minutes after, not renewals later. */
const EARLIER_RUNS_LOOKED_AT = 3;

/**
 * Whether the Update `updateId` completed successfully in one of the runs this workflow continued
 * as new from. Best effort: any failure to tell counts as "no", and the current run's answer stands.
 */
async function appliedInEarlierRun(temporal: Client, workflowId: string, updateId: string): Promise<boolean> {
  try {
    let runId: string | undefined; // the latest run
    for (let i = 0; i < EARLIER_RUNS_LOOKED_AT; i++) {
      const { history } = await temporal.workflowService.getWorkflowExecutionHistory({
        namespace: temporal.options.namespace,
        execution: { workflowId, runId },
        maximumPageSize: 1,
      });
      const previous = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) return false;
      try {
        await temporal.workflow.getHandle(workflowId).getUpdateHandle(updateId, { workflowRunId: previous }).result();
        return true;
      } catch (e) {
        if (e instanceof WorkflowUpdateFailedError) return false; // refused there too
      }
      runId = previous;
    }
  } catch {
    /* cannot tell: the current answer stands */
  }
  return false;
}

/** The refusal of a decision on a record whose process has ended: "<what> <status name>，不能再办理". */
export function closedRecord(
  what: string,
  statusNames: Record<string, string>,
  status: string,
  facts: Record<string, unknown> = {},
): DomainError {
  return new DomainError('CASE_CLOSED', `${what}${statusNames[status] ?? status}，不能再办理`, { status, ...facts });
}

/**
 * A task claimed by or assigned to one person is decided by that person (issue 18): anyone else is
 * refused (409, logged) until a supervisor reassigns it. An unclaimed task may be decided by anyone
 * of its role; a claim is for the stage it was made at only.
 */
async function refuseTaskHeldByOther(
  ctx: RouteContext,
  request: FastifyRequest,
  workflowId: string,
  read?: Promise<{ assignee: string; stage: string } | null>,
): Promise<void> {
  const claim = await (read ?? ctx.prisma.taskClaim.findUnique({ where: { recordId: workflowId } }));
  if (!claim || claim.assignee === request.actor!.username) return;
  const task = await currentTask(ctx.prisma, workflowId);
  if (!task || task.row.stage !== claim.stage) return;
  const names = await displayNames(ctx.prisma, [claim.assignee]);
  const error = new DomainError(
    'TASK_HELD_BY_OTHER',
    `该待办已由 ${names.get(claim.assignee) ?? claim.assignee} 认领办理；如需由您办理，请主管改派`,
    { assignee: claim.assignee, assigneeName: names.get(claim.assignee) ?? null, stage: claim.stage },
  );
  await ctx.logDenied(request, error, workflowId);
  throw error;
}

/**
 * Waits for a just-started workflow to record its opening. A record that closes at once (a counter
 * refusal, a long-lapsed registration) can finish before the "opened" Update reaches it; it records
 * its opening before it closes, so its closing answers the wait as well (the read model has the row).
 */
export async function awaitOpening(handle: WorkflowHandle, opened: UpdateDefinition<unknown, []>): Promise<void> {
  try {
    await handle.executeUpdate(opened);
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError) || (await handle.describe()).status.name !== 'COMPLETED') throw e;
  }
}
