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
import { allHandlersFinished, condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import { inForce } from './patches';
import type * as activities from '../activities';
import { addDays, endOfShanghaiDay, shanghaiDate } from '../domain/dates';
import {
  type FundFacts,
  type FundCommand,
  type FundRequestKind,
  type FundRequestState,
  applyFundCommand,
  checkFundAction,
  fundCommandSchema,
  fundRequestKindNames,
} from '../domain/fund-request';
import { turnoverDueDate } from '../domain/ledger';
import { type Actor, type Jurisdiction, systemActor } from '../domain/people';
import type { StatutoryDeadline } from '../domain/working-days';
import { decisionSerialiser, persistEvent, usesOneRecordEvent } from './decision-path';
import type { RecordEffect } from './decision-path';
import { deadlineWatcher, notificationEffects } from './deadline-watcher';
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
/** The holiday calendar of a year was corrected: recompute the deadline being watched. */
export const fundCalendarChangedSignal = defineSignal('calendarChanged');

const { computeFundProposal, recordFundEvent, postFundTransfer, approvalDeadline, turnoverSubmissionDeadline } =
  proxyActivities<activities.Activities>({
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
  return {
    receivedOn: `${month}-01`,
    workingDays: 0,
    dueDate,
    dueAtMs: endOfShanghaiDay(dueDate),
    remindOn: addDays(dueDate, -2),
    provisional: false,
  };
}

export async function fundRequest(input: FundRequestInput): Promise<FundRequestState> {
  let state = undefined as unknown as FundRequestState;
  let persisted = 0;
  const oneRecord = usesOneRecordEvent();
  const decisions = decisionSerialiser(!oneRecord && 'condition-lock'); // one decision, timer or signal at a time
  let calendarChanges = 0;
  const today = () => shanghaiDate(Date.now());
  // The turnover deadline: the 18th, or the next working day by the calendar (Civil Code art. 203);
  // runs started before this patch keep the plain 18th.
  const lastDayByArt203 = inForce('turnover-last-day-art-203');
  // 001 §20 names the estimate's copy to the medical-security administration as well as the approval's.
  const copyEstimate = inForce('fund-estimate-copy');
  const turnoverDeadline = async (month: string) => (lastDayByArt203 ? turnoverSubmissionDeadline({ month }) : submissionDeadline(month));
  const label = `${input.period} ${fundRequestKindNames[input.kind]}`;

  /** Records `next` with its audit event (and its posting, on approval) and makes it the state. */
  const persist = async (
    next: FundRequestState,
    action: string,
    actor: Actor,
    reason?: string,
    postTransfer = false,
    effects: RecordEffect[] = [],
  ) => {
    const event = {
      seq: next.version,
      at: new Date(Date.now()).toISOString(),
      actor,
      action,
      reason,
      before: next.version === 1 ? null : state,
    };
    if (oneRecord) {
      const outcome = await persistEvent({
        process: 'fund_request',
        state: next,
        event,
        effects: [...(postTransfer ? [{ kind: 'fund_transfer' as const, postedBy: actor.username }] : []), ...effects],
      });
      state = outcome.ok && outcome.entryId ? { ...next, entryId: outcome.entryId } : next;
    } else {
      // Runs started before the one record-event activity: posting, then recording (as they were).
      if (postTransfer)
        next = { ...next, entryId: (await postFundTransfer({ state: next, date: today(), postedBy: actor.username })) || null };
      await recordFundEvent({ state: next, event });
      state = next;
    }
    persisted = state.version;
  };

  setHandler(fundStateQuery, () => state);
  setHandler(fundOpenedUpdate, async () => {
    await condition(() => persisted >= 1);
    return state;
  });
  setHandler(
    fundActUpdate,
    (raw) =>
      decisions.run(async () => {
        await condition(() => persisted >= 1);
        const cmd = fundCommandSchema.parse(raw);
        refuse(checkFundAction(state, cmd)); // its turn may come after another decision changed the request (the day was checked on arrival)
        const facts: FundFacts = { today: today() };
        if (cmd.action === 'submit') facts.approvalDeadline = await approvalDeadline({ receivedOn: facts.today });
        if (cmd.action === 'return' && state.kind === 'turnover') facts.submissionDeadline = await turnoverDeadline(state.period);
        await persist(applyFundCommand(state, cmd, facts), cmd.action, cmd.actor, cmd.reason, cmd.action === 'approve');
        if (cmd.action === 'submit' && copyEstimate) {
          await notify({
            sourceKey: `${state.requestId}:submitted:${state.version}`,
            caseId: state.requestId,
            kind: 'fund_request_copy',
            to: { role: 'supervisor', jurisdiction: 'municipal', alsoUsers: [] },
            message:
              `${label}（${state.agency}）已报财政部门审批，抄送医疗保障行政部门：申请 ${(state.amountFen / 100).toFixed(2)} 元，` +
              `测算 ${(state.proposedFen / 100).toFixed(2)} 元${state.amountFen === 0 ? '（申请金额为 0.00 元，请核实）' : ''}（001 §20）。`,
          });
          if (state.amountFen === 0) {
            await notify({
              sourceKey: `${state.requestId}:zero:${state.version}`,
              caseId: state.requestId,
              kind: 'fund_request_zero',
              to: { role: 'fiscal', jurisdiction: state.agency, alsoUsers: [cmd.actor.username] },
              message: `${label}（${state.agency}）申请金额为 0.00 元，审批前请核实测算依据。`,
            });
          }
        }
        if (cmd.action === 'approve') {
          // 001 §20: the estimate is copied to the medical-security administration; the decision too.
          await notify({
            sourceKey: `${state.requestId}:approved`,
            caseId: state.requestId,
            kind: 'fund_request_copy',
            to: { role: 'supervisor', jurisdiction: 'municipal', alsoUsers: [state.startedBy].filter((u) => u !== 'schedule') },
            message: `${label}（${state.agency}）已由财政部门批准：申请 ${(state.amountFen / 100).toFixed(2)} 元，测算 ${(state.proposedFen / 100).toFixed(2)} 元。`,
          });
        }
        return state;
      }),
    {
      validator: (raw) => {
        const parsed = fundCommandSchema.safeParse(raw);
        if (!parsed.success) invalidRequest(parsed.error.issues);
        if (state) refuse(checkFundAction(state, parsed.data, today()));
      },
    },
  );

  setHandler(fundCalendarChangedSignal, () => {
    calendarChanges++;
  });

  const proposal = await computeFundProposal({ kind: input.kind, agency: input.agency, period: input.period });
  const firstDeadline = input.kind === 'turnover' ? await turnoverDeadline(input.period) : null;
  await decisions.run(() =>
    persist(
      {
        ...input,
        status: 'draft',
        ...proposal,
        amountFen: proposal.proposedFen,
        adjustReason: null,
        dueDate: firstDeadline?.dueDate ?? null,
        submittedOn: null,
        late: false,
        decidedBy: null,
        returnReason: null,
        entryId: null,
        deadline: firstDeadline,
        remindedAt: null,
        breachedAt: null,
        version: 1,
      },
      'prepared',
      systemActor(input.agency),
      `测算依据：${proposal.calculation.map((l) => l.label).join('；')}`,
    ),
  );

  // The deadline watched now: the turnover's last day while it is prepared, the finance department's
  // approval limit once submitted. A missed last day marks the request late (001 §21).
  const awaitingSubmission = () => state.status !== 'submitted';
  const lateNow = () => awaitingSubmission() && state.kind === 'turnover';
  const watcher = deadlineWatcher({
    watched: () => (state.status === 'approved' ? null : state),
    recordCarriesEffects: oneRecord,
    record: (w, event, d, notification) => {
      const next: FundRequestState = { ...state, ...w, version: state.version + 1 };
      const effects = notificationEffects(notification);
      if (event === 'reminder') return persist(next, 'deadline_reminder', systemActor(state.agency), undefined, false, effects);
      if (event === 'recomputed') {
        return persist(
          { ...next, dueDate: state.status === 'submitted' ? state.dueDate : d.dueDate },
          'deadline_recomputed',
          systemActor(state.agency),
          '节假日安排已更正，重新计算时限',
        );
      }
      const late = lateNow();
      return persist(
        { ...next, late: state.late || late },
        late ? 'late_request' : 'deadline_breached',
        systemActor(state.agency),
        late ? `未在 ${d.dueDate} 前提交周转金申请（001 §21）` : `财政部门审批超过时限（${d.dueDate} 届满）`,
        false,
        effects,
      );
    },
    reminder: (d) => ({
      sourceKey: `${state.requestId}:reminder:${state.status}:${d.dueDate}`,
      caseId: state.requestId,
      kind: 'deadline_reminder',
      to: awaitingSubmission() ? { role: 'finance', jurisdiction: state.agency } : { role: 'fiscal', jurisdiction: state.agency },
      message: awaitingSubmission()
        ? `${label}须于 ${d.dueDate} 前（含当日）提交，请及时申请（001 §21）。`
        : `${label}（${state.agency}）待审批，审批时限 ${d.dueDate} 届满。`,
    }),
    breach: (d) => ({
      sourceKey: `${state.requestId}:breach:${state.status}:${d.dueDate}`,
      caseId: state.requestId,
      kind: 'deadline_breached',
      to: { role: 'supervisor', jurisdiction: state.agency, alsoUsers: [] },
      message: lateNow()
        ? `${label}（${state.agency}）未在 ${d.dueDate} 前提交，已记为逾期申请。`
        : `${label}（${state.agency}）财政部门审批已超过时限（${d.dueDate}）。`,
    }),
  });

  let seenCalendarChanges = calendarChanges;
  while (state.status !== 'approved') {
    const timer = watcher.next();
    const version = state.version;
    const woke = await condition(
      () => state.version !== version || calendarChanges !== seenCalendarChanges,
      timer ? Math.max(timer.atMs - Date.now(), 1) : undefined,
    );
    if (!woke && timer) await decisions.run(() => watcher.fire(timer.kind));
    if (calendarChanges !== seenCalendarChanges) {
      seenCalendarChanges = calendarChanges;
      await decisions.run(() =>
        watcher.recompute((d) =>
          state.status === 'submitted'
            ? approvalDeadline({ receivedOn: d.receivedOn, workingDays: d.workingDays })
            : turnoverDeadline(state.period),
        ),
      );
    }
  }
  await condition(allHandlersFinished);
  return state;
}
