/**
 * Side effects of fund requests (预付款 001 §20, 周转金 001 §21): the proposal computed from the
 * ledger, the read model and audit, the transfer posted on approval, deadlines from the calendar.
 */
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { type IsoDate, addDays, endOfShanghaiDay } from '../domain/dates';
import type { CalculationLine, FundRequestKind, FundRequestState } from '../domain/fund-request';
import {
  accountBalance,
  firstWorkingDay,
  turnoverDueDate,
  turnoverLastDay,
  postPrepaymentTransfer,
  postTurnoverTransfer,
  prepaymentProposal,
  previousMonth,
  spendingInPeriod,
} from '../domain/ledger';
import type { Jurisdiction } from '../domain/people';
import { statutoryDeadline, type StatutoryDeadline } from '../domain/working-days';
import { loadCalendar } from '../store/calendar';
import { agencyPostings, postJournalEntry } from '../store/ledger';
import { policyValue } from '../store/policy';

export const FUND_APPROVAL_DAYS_POLICY = 'fund.approvalWorkingDays';
export const FUND_APPROVAL_DAYS_DEFAULT = 5;

export function fundSummary(s: FundRequestState) {
  return {
    status: s.status,
    amountFen: s.amountFen,
    proposedFen: s.proposedFen,
    late: s.late,
    dueDate: s.deadline?.dueDate ?? null,
    breached: s.breachedAt !== null,
  };
}

/** The request's read-model row as the workflow's state says (written by recordEvent). */
export async function writeFundRow(tx: Prisma.TransactionClient, s: FundRequestState, at: string): Promise<void> {
  const row = {
    kind: s.kind,
    agency: s.agency,
    period: s.period,
    status: s.status,
    basisFen: BigInt(s.basisFen),
    carryoverFen: BigInt(s.carryoverFen),
    proposedFen: BigInt(s.proposedFen),
    amountFen: BigInt(s.amountFen),
    calculation: s.calculation as unknown as object,
    adjustReason: s.adjustReason,
    dueDate: s.dueDate,
    submittedOn: s.submittedOn,
    late: s.late,
    decidedBy: s.decidedBy,
    returnReason: s.returnReason,
    entryId: s.entryId ? BigInt(s.entryId) : null,
    remindedAt: s.remindedAt ? new Date(s.remindedAt) : null,
    breachedAt: s.breachedAt ? new Date(s.breachedAt) : null,
    version: s.version,
    updatedAt: new Date(at),
  };
  await tx.fundRequest.upsert({ where: { id: s.requestId }, create: { id: s.requestId, ...row }, update: row });
}

/** The journal entry of an approved request: the transfer from the fiscal special account (001 §20–§21). */
export function fundTransferDraft(s: FundRequestState, date: IsoDate) {
  return s.kind === 'prepayment'
    ? postPrepaymentTransfer({ agency: s.agency, date, year: Number(s.period), amountFen: s.amountFen, requestId: s.requestId })
    : postTurnoverTransfer({ agency: s.agency, date, month: s.period, amountFen: s.amountFen, requestId: s.requestId });
}

export function createFundActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma } = deps;
  return {
    /**
     * Prepayment for year Y: 25% of Y−1's assistance spending less the 支出户存款 balance on 31 Dec
     * Y−1 (DOMAIN §11). Turnover for month M: the previous month's actual spending (001 §21).
     */
    async computeFundProposal(input: {
      kind: FundRequestKind;
      agency: Jurisdiction;
      period: string;
    }): Promise<{ basisFen: number; carryoverFen: number; proposedFen: number; calculation: CalculationLine[] }> {
      if (input.kind === 'prepayment') {
        const last = Number(input.period) - 1;
        const upToYearEnd = await agencyPostings(prisma, input.agency, { to: `${last}-12-31` });
        const basisFen = spendingInPeriod(upToYearEnd, `${last}-01-01`, `${last}-12-31`);
        const carryoverFen = Math.max(0, accountBalance(upToYearEnd, 'expenditure_account_deposit'));
        const p = prepaymentProposal({ lastYearSpendingFen: basisFen, carryoverFen });
        return { basisFen, carryoverFen, proposedFen: p.proposedFen, calculation: p.lines };
      }
      const prev = previousMonth(input.period);
      const basisFen = spendingInPeriod(await agencyPostings(prisma, input.agency, prev), prev.from, prev.to);
      return {
        basisFen,
        carryoverFen: 0,
        proposedFen: basisFen,
        calculation: [
          { label: `${prev.month} 医疗救助实际支出（医疗救助待遇支出，含各明细科目）`, amountFen: basisFen },
          { label: `${input.period} 申请周转金（按上月实际支出数）`, amountFen: basisFen },
        ],
      };
    },

    /** The approved transfer from the fiscal special account (once per request: its source key). */
    async postFundTransfer(input: { state: FundRequestState; date: IsoDate; postedBy: string }): Promise<string> {
      const s = input.state;
      if (s.amountFen === 0) return ''; // nothing to transfer (the carryover covers the prepayment)
      const draft =
        s.kind === 'prepayment'
          ? postPrepaymentTransfer({
              agency: s.agency,
              date: input.date,
              year: Number(s.period),
              amountFen: s.amountFen,
              requestId: s.requestId,
            })
          : postTurnoverTransfer({ agency: s.agency, date: input.date, month: s.period, amountFen: s.amountFen, requestId: s.requestId });
      return (await postJournalEntry(prisma, draft, input.postedBy)).entryId;
    },

    /** The finance department's approval limit: a policy in working days (001 is silent); recomputed with the days it had. */
    async approvalDeadline(input: { receivedOn: IsoDate; workingDays?: number }): Promise<StatutoryDeadline> {
      const days = input.workingDays ?? (await policyValue(prisma, FUND_APPROVAL_DAYS_POLICY, FUND_APPROVAL_DAYS_DEFAULT));
      const year = Number(input.receivedOn.slice(0, 4));
      return statutoryDeadline(await loadCalendar(prisma, [year, year + 1]), input.receivedOn, days);
    },

    /**
     * The turnover request's submission deadline: the 18th, moved to the next working day when the
     * 18th is not one (Civil Code art. 203), on the calendar as loaded now; reminded on the 16th.
     */
    async turnoverSubmissionDeadline(input: { month: string }): Promise<StatutoryDeadline> {
      const year = Number(input.month.slice(0, 4));
      const last = turnoverLastDay(input.month, await loadCalendar(prisma, [year, year + 1]));
      return {
        receivedOn: `${input.month}-01`,
        workingDays: 0,
        dueDate: last.date,
        dueAtMs: endOfShanghaiDay(last.date),
        remindOn: addDays(turnoverDueDate(input.month), -2),
        provisional: last.provisional,
      };
    },

    /** Whether the first working day of `date`'s month has come (the daily tick catches up a missed one). */
    async isOnOrAfterFirstWorkingDayOfMonth(input: { date: IsoDate }): Promise<boolean> {
      const year = Number(input.date.slice(0, 4));
      const month = Number(input.date.slice(5, 7));
      return firstWorkingDay(await loadCalendar(prisma, [year]), year, month) <= input.date;
    },

    /** Whether `date` is the first working day of its month on the loaded calendar (DOMAIN §11). */
    async isFirstWorkingDayOfMonth(input: { date: IsoDate }): Promise<boolean> {
      const year = Number(input.date.slice(0, 4));
      const month = Number(input.date.slice(5, 7));
      return firstWorkingDay(await loadCalendar(prisma, [year]), year, month) === input.date;
    },
  };
}
