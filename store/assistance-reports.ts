/**
 * The medical-assistance reports that read the books and the recipients' benefit occasions: the
 * quarterly disclosure's table (001 §25, 附件2) and the statistics of 001 §28 (月报、季报、半年报、
 * 年报), per agency. The ledger is the measure of what was spent; the occasions say for whom.
 */
import type { RecipientCategory } from '../domain/assistance-recipient';
import { type BenefitOccasion, type DisclosureTable, disclosureTable, reportPeriod } from '../domain/assistance-disclosure';
import type { IsoDate } from '../domain/dates';
import { accountBalance, accountOf, spendingInPeriod } from '../domain/ledger';
import type { Jurisdiction } from '../domain/people';
import type { PrismaClient } from '../generated/prisma/client';
import { agencyPostings } from './ledger';

/**
 * The benefit occasions paid in [from, to] (cash basis: the posting's date): each subsidised-
 * enrolment ledger posted by the 资助参保支出 rule is one occasion of its recipient's category.
 */
export async function benefitOccasions(prisma: PrismaClient, agency: Jurisdiction, from: IsoDate, to: IsoDate): Promise<BenefitOccasion[]> {
  const ledgers = await prisma.paymentLedgerPush.findMany({
    where: { agency, entryId: { not: null } },
    select: { category: true, amountFen: true, entryId: true },
  });
  if (ledgers.length === 0) return [];
  const entries = await prisma.journalEntry.findMany({
    where: { id: { in: ledgers.map((l) => l.entryId!) }, date: { gte: from, lte: to } },
    select: { id: true, date: true },
  });
  const dated = new Map(entries.map((e) => [String(e.id), e.date]));
  return ledgers
    .filter((l) => dated.has(String(l.entryId)))
    .map((l) => ({
      category: l.category as RecipientCategory,
      account: 'subsidised_enrolment' as const,
      amountFen: Number(l.amountFen),
      paidOn: dated.get(String(l.entryId))!,
    }));
}

/** 附件2's table for an agency's period, from the occasions and the ledger's spending. */
export async function disclosureTableFor(prisma: PrismaClient, agency: Jurisdiction, from: IsoDate, to: IsoDate): Promise<DisclosureTable> {
  const [occasions, postings] = await Promise.all([
    benefitOccasions(prisma, agency, from, to),
    agencyPostings(prisma, agency, { from, to }),
  ]);
  return disclosureTable(occasions, spendingInPeriod(postings, from, to));
}

const expenseAccounts = [
  'assistance_benefit_expense.subsidised_enrolment',
  'assistance_benefit_expense.outpatient',
  'assistance_benefit_expense.inpatient',
] as const;

export interface AssistanceStatistics {
  agency: Jurisdiction;
  period: string;
  label: string;
  from: IsoDate;
  to: IsoDate;
  /** 001 §18's 明细科目 of 医疗救助待遇支出, from the ledger */
  byAccount: { account: string; name: string; amountFen: number }[];
  /** by recipient type (the disclosure's rows) */
  byCategory: DisclosureTable['rows'];
  totalOccasions: number;
  totalFen: number;
}

/** 001 §28: an agency's assistance spending of a month, quarter, half-year or year, by account and by recipient type. */
export async function assistanceStatistics(prisma: PrismaClient, agency: Jurisdiction, period: string): Promise<AssistanceStatistics> {
  const p = reportPeriod(period);
  const postings = await agencyPostings(prisma, agency, { from: p.from, to: p.to });
  const table = disclosureTable(await benefitOccasions(prisma, agency, p.from, p.to), spendingInPeriod(postings, p.from, p.to));
  return {
    agency,
    period,
    label: p.label,
    from: p.from,
    to: p.to,
    byAccount: expenseAccounts.map((account) => ({
      account,
      name: accountOf(account)!.name,
      amountFen: accountBalance(postings, account),
    })),
    byCategory: table.rows,
    totalOccasions: table.totalOccasions,
    totalFen: table.totalFen,
  };
}
