/**
 * Telling running workflows of a change (workflows/change-broadcast.ts), one page at a time: each
 * workflow on the page gets the signal it listens for. A page is told again when the activity is
 * retried; hearing a change twice is harmless (a deadline is recomputed from the calendar, a notice
 * plan re-read from the policy, and either comes out the same).
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { calendarChangedSignal } from '../workflows/service-case';
import { noticeOffsetsChangedSignal } from '../workflows/special-disease-certification';
import { audiencesOf, idsOf, type Change } from '../store/told-of-change';
import type { ActivityDeps } from './index';

/** How many signals are in flight at once. */
const SIGNALS_IN_FLIGHT = 16;

/** Where a telling has got to: the group (by its place in audiencesOf) and the last ID told in it. */
export interface ChangeCursor {
  group: number;
  after: string | null;
}

export function createChangeBroadcastActivities({ prisma }: ActivityDeps) {
  return {
    /** Tells one page of running workflows; `next` is null once the last group is done. */
    async tellOfChange(input: { change: Change; cursor: ChangeCursor; pageSize: number }): Promise<{
      told: number;
      closed: number;
      next: ChangeCursor | null;
    }> {
      const groups = audiencesOf(input.change);
      const { group, after } = input.cursor;
      if (group >= groups.length) return { told: 0, closed: 0, next: null };
      const ids = await idsOf(prisma, groups[group]!, { after, take: input.pageSize });
      // Every working-day process names its signal 'calendarChanged'.
      const signal = input.change.kind === 'calendar' ? calendarChangedSignal : noticeOffsetsChangedSignal;
      const { client } = Context.current();
      let told = 0;
      let closed = 0;
      for (let i = 0; i < ids.length; i += SIGNALS_IN_FLIGHT) {
        const results = await Promise.allSettled(
          ids.slice(i, i + SIGNALS_IN_FLIGHT).map((id) => client.workflow.getHandle(id).signal(signal)),
        );
        for (const r of results) {
          if (r.status === 'fulfilled') told++;
          else if (r.reason instanceof WorkflowNotFoundError)
            closed++; // ended since the page was read: nothing left to recompute
          else throw r.reason; // the page is tried again (Temporal down, a deadline): no workflow is left untold
        }
        Context.current().heartbeat();
      }
      const next: ChangeCursor = ids.length < input.pageSize ? { group: group + 1, after: null } : { group, after: ids[ids.length - 1]! };
      return { told, closed, next: next.group >= groups.length ? null : next };
    },
  };
}
