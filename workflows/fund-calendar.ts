/**
 * The daily calendar tick, started by the Schedule `fund-calendar-daily` (01:00 Asia/Shanghai). On
 * the first working day of a month (holiday calendar, make-up days included) it starts each
 * agency's turnover request for the month (001 §21), and in January also the annual prepayment
 * (001 §20; DOMAIN §11: "每年1月初" = the first working day of January). A request someone already
 * triggered is left as it is: the workflow ID is the agency and period.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import { shanghaiDate } from '../domain/dates';
import { type FundRequestKind, fundRequestId } from '../domain/fund-request';
import { jurisdictions } from '../domain/people';
import { fundRequest } from './fund-request';

const { isFirstWorkingDayOfMonth, isOnOrAfterFirstWorkingDayOfMonth } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
});

export async function fundCalendarTick(): Promise<{ date: string; started: string[] }> {
  const date = shanghaiDate(Date.now());
  // A tick missed on the first working day (the service was down) is caught up by the next one in
  // the month: every day from the first working day on, the month's requests not yet started start
  // (once: the workflow ID is the agency and period, and a duplicate start is refused).
  const due = inForce('fund-tick-catch-up') ? await isOnOrAfterFirstWorkingDayOfMonth({ date }) : await isFirstWorkingDayOfMonth({ date });
  if (!due) return { date, started: [] };
  const month = date.slice(0, 7);
  const wanted: [FundRequestKind, string][] = [
    ['turnover', month],
    ...(month.endsWith('-01') ? [['prepayment', date.slice(0, 4)] as [FundRequestKind, string]] : []),
  ];
  const started: string[] = [];
  for (const agency of jurisdictions) {
    for (const [kind, period] of wanted) {
      const requestId = fundRequestId(kind, agency, period);
      try {
        await startChild(fundRequest, {
          workflowId: requestId,
          args: [{ requestId, kind, agency, period, startedBy: 'schedule' }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        started.push(requestId);
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // triggered by finance staff already
      }
    }
  }
  return { date, started };
}
