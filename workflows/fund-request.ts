/**
 * A fund request of one agency: the annual prepayment (预付款, 001 §20) or the monthly turnover fund
 * (周转金, 001 §21). One workflow per agency and period (the ID says so: a second trigger finds the
 * first). The proposal is computed from the ledger and shown line by line; the agency's finance
 * officer may adjust it with a reason and submits; the finance department approves (the transfer
 * from the fiscal special account is posted) or returns it. A turnover request is on time up to and
 * including the 18th: the officer is reminded before, and after the 18th it is recorded as late and
 * escalated. While the finance department has it, its approval limit (a policy in working days)
 * runs with a reminder and an escalated breach.
 */
import {
  allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler,
} from '@temporalio/workflow';
import type * as activities from '../activities';
import { addDays, endOfShanghaiDay, shanghaiDate } from '../domain/dates';
import {
  type FundCommand, type FundRequestKind, type FundRequestState, checkFundAction, fundCommandSchema, fundRequestKindNames,
} from '../domain/fund-request';
import { isTurnoverOnTime, turnoverDueDate } from '../domain/ledger';
import { type Actor, type Jurisdiction, systemActor } from '../domain/people';
import { nextDeadlineTimer, type StatutoryDeadline } from '../domain/working-days';
import { decisionLock } from './lock';
import { invalidRequest, refuse } from './refuse';

export interface FundRequestInput {
  requestId: string;
  kind: FundRequestKind;
  agency: Jurisdiction;
  period: string;
  startedBy: string;
}

export const fundOpenedUpdate = defineUpdate<FundRequestState>('fundOpened');
export const fundActUpdate = defineUpdate<FundRequestState, [FundCommand]>('fundAct');
export const fundStateQuery = defineQuery<FundRequestState>('fundState');

const { computeFundProposal, recordFundEvent, postFundTransfer, approvalDeadline } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { notify } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

/** The turnover submission deadline: the end of the 18th; reminded at the start of the 16th (DOMAIN §11). */
function submissionDeadline(month: string): StatutoryDeadline {
  const dueDate = turnoverDueDate(month);
  return { receivedOn: `${month}-01`, workingDays: 0, dueDate, dueAtMs: endOfShanghaiDay(dueDate), remindOn: addDays(dueDate, -2), provisional: false };
}

export async function fundRequest(input: FundRequestInput): Promise<FundRequestState> {
  let state = undefined as unknown as FundRequestState;
  let persisted = 0;
  const lock = decisionLock(); // one decision at a time: each awaits its activities before the next is checked
  const today = () => shanghaiDate(Date.now());
  const label = `${input.period} ${fundRequestKindNames[input.kind]}`;

  const persist = async (next: FundRequestState, action: string, actor: Actor, reason?: string) => {
    await recordFundEvent({ state: next, event: { seq: next.version, at: new Date(Date.now()).toISOString(), actor, action, reason, before: next.version === 1 ? null : state } });
    state = next;
    persisted = next.version;
  };
  const exclusive = <T>(fn: () => Promise<T>) => lock.exclusive(fn);

  setHandler(fundStateQuery, () => state);
  setHandler(fundOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(fundActUpdate, (raw) => exclusive(async () => {
    await condition(() => persisted >= 1);
    const cmd = fundCommandSchema.parse(raw);
    refuse(checkFundAction(state, cmd));
    const next: FundRequestState = { ...state, version: state.version + 1 };
    switch (cmd.action) {
      case 'adjust':
        next.amountFen = cmd.amountFen!;
        next.adjustReason = cmd.reason!;
        break;
      case 'submit':
        next.status = 'submitted';
        next.submittedOn = today();
        next.late = state.late || (state.kind === 'turnover' && !isTurnoverOnTime(state.period, next.submittedOn));
        next.deadline = await approvalDeadline({ receivedOn: next.submittedOn });
        next.remindedAt = null;
        next.breachedAt = null;
        break;
      case 'approve': {
        next.status = 'approved';
        next.decidedBy = cmd.actor.username;
        next.deadline = null;
        next.entryId = (await postFundTransfer({ state: next, date: today(), postedBy: cmd.actor.username })) || null;
        await persist(next, 'approve', cmd.actor, cmd.reason);
        // 001 §20: the estimate is copied to the medical-security administration; the decision too.
        await notify({
          sourceKey: `${state.requestId}:approved`, caseId: state.requestId, kind: 'fund_request_copy',
          to: { role: 'supervisor', jurisdiction: 'municipal', alsoUsers: [state.startedBy].filter((u) => u !== 'schedule') },
          message: `${label}（${state.agency}）已由财政部门批准：申请 ${(next.amountFen / 100).toFixed(2)} 元，测算 ${(next.proposedFen / 100).toFixed(2)} 元。`,
        });
        return state;
      }
      case 'return':
        next.status = 'returned';
        next.returnReason = cmd.reason!;
        next.decidedBy = cmd.actor.username;
        next.deadline = state.kind === 'turnover' && !state.late ? submissionDeadline(state.period) : null;
        next.remindedAt = null;
        next.breachedAt = null;
        break;
    }
    await persist(next, cmd.action, cmd.actor, cmd.reason);
    return state;
  }), {
    validator: (raw) => {
      const parsed = fundCommandSchema.safeParse(raw);
      if (!parsed.success) invalidRequest(parsed.error.issues);
      if (state) refuse(checkFundAction(state, parsed.data));
    },
  });

  const proposal = await computeFundProposal({ kind: input.kind, agency: input.agency, period: input.period });
  await persist({
    ...input, status: 'draft', ...proposal, amountFen: proposal.proposedFen, adjustReason: null,
    dueDate: input.kind === 'turnover' ? turnoverDueDate(input.period) : null,
    submittedOn: null, late: false, decidedBy: null, returnReason: null, entryId: null,
    deadline: input.kind === 'turnover' ? submissionDeadline(input.period) : null,
    remindedAt: null, breachedAt: null, version: 1,
  }, 'prepared', systemActor(input.agency), `测算依据：${proposal.calculation.map((l) => l.label).join('；')}`);

  while (state.status !== 'approved') {
    const timer = nextDeadlineTimer(state.deadline, state.remindedAt, state.breachedAt);
    const version = state.version;
    const woke = await condition(() => state.version !== version, timer ? Math.max(timer.atMs - Date.now(), 1) : undefined);
    if (!woke && timer) await exclusive(() => fireTimer(timer.kind));
  }
  await condition(allHandlersFinished);
  return state;

  async function fireTimer(kind: 'reminder' | 'breach') {
    const d = state.deadline;
    if (!d) return;
    const awaitingSubmission = state.status !== 'submitted';
    const system = systemActor(state.agency);
    if (kind === 'reminder') {
      await persist({ ...state, remindedAt: new Date(Date.now()).toISOString(), version: state.version + 1 }, 'deadline_reminder', system);
      await notify({
        sourceKey: `${state.requestId}:reminder:${state.status}:${d.dueDate}`, caseId: state.requestId, kind: 'deadline_reminder',
        to: awaitingSubmission ? { role: 'finance', jurisdiction: state.agency } : { role: 'fiscal', jurisdiction: state.agency },
        message: awaitingSubmission
          ? `${label}须于 ${d.dueDate} 前（含当日）提交，请及时申请（001 §21）。`
          : `${label}（${state.agency}）待审批，审批时限 ${d.dueDate} 届满。`,
      });
    } else {
      const late = awaitingSubmission && state.kind === 'turnover';
      await persist({ ...state, breachedAt: new Date(d.dueAtMs).toISOString(), late: state.late || late, version: state.version + 1 },
        late ? 'late_request' : 'deadline_breached', system,
        late ? `未在 ${d.dueDate} 前提交周转金申请（001 §21）` : `财政部门审批超过时限（${d.dueDate} 届满）`);
      await notify({
        sourceKey: `${state.requestId}:breach:${state.status}:${d.dueDate}`, caseId: state.requestId, kind: 'deadline_breached',
        to: { role: 'supervisor', jurisdiction: state.agency, alsoUsers: [] },
        message: late ? `${label}（${state.agency}）未在 ${d.dueDate} 前提交，已记为逾期申请。` : `${label}（${state.agency}）财政部门审批已超过时限（${d.dueDate}）。`,
      });
    }
  }
}
