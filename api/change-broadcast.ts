/**
 * Starting the telling of a saved change (workflows/change-broadcast.ts) from a request: the
 * request answers at once with how many running workflows the change reaches and the workflow that
 * tells them, instead of signalling each itself.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { countTold, type Change } from '../store/told-of-change';
import { changeBroadcast, changeBroadcastId } from '../workflows/change-broadcast';
import { DomainError } from '../domain/errors';
import type { RouteContext } from './app';
import { unavailableDependency } from './dependencies';

export interface ChangeTelling {
  /** running workflows the change reaches, counted now */
  runningWorkflows: number;
  /** the workflow telling them */
  broadcastWorkflowId: string;
}

/**
 * Call after the change is committed: the workflows re-read the saved value when told. Should the
 * start fail (Temporal down: 503), the repeated request starts it (same `savedAt`, same ID).
 */
export async function tellRunningWorkflows(
  ctx: Pick<RouteContext, 'prisma' | 'temporal' | 'taskQueue'>,
  change: Change,
  savedAt: Date,
): Promise<ChangeTelling> {
  const runningWorkflows = await countTold(ctx.prisma, change);
  const broadcastWorkflowId = changeBroadcastId(change, savedAt);
  try {
    await ctx.temporal.workflow.start(changeBroadcast, {
      taskQueue: ctx.taskQueue,
      workflowId: broadcastWorkflowId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE', // one telling per change, even after it finished
      args: [{ change }],
    });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { runningWorkflows, broadcastWorkflowId }; // already being told
    // The change is saved: the administrator must know that, and that sending it again tells them.
    if (unavailableDependency(e) === 'temporal') {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        '修改已保存，但工作流服务暂时无法访问，在办案件尚未收到通知：请稍后以相同内容重新提交一次',
        {
          dependency: 'temporal',
          saved: true,
        },
      );
    }
    throw e;
  }
  return { runningWorkflows, broadcastWorkflowId };
}
