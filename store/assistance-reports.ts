/**
 * The medical-assistance reports that read the books and the recipients' benefit occasions: the
 * quarterly disclosure's table (001 §25, 附件2) and the statistics of 001 §28 (月报、季报、半年报、
 * 年报), per agency. The ledger is the measure of what was spent; the occasions say for whom.
 */
import { type RecipientCategory, recipientCategories } from '../domain/assistance-recipient';
import { type BenefitOccasion, type DisclosureTable, disclosureTable, reportPeriod } from '../domain/assistance-disclosure';
import type { IsoDate } from '../domain/dates';
import { accountBalance, accountOf, spendingInPeriod } from '../domain/ledger';
import type { Jurisdiction } from '../domain/people';
import type { PrismaClient } from '../generated/prisma/client';
import { agencyPostings } from './ledger';

/**
 * A claim's assessed category as a recipient type of the register (附件2's rows). A claim assessed
 * from the register carries the register's category; one assessed from the evidence on the claim
 * carries the claim form's (附件1's boxes), named after them. 001 §14's children are a claim
 * condition, not a recipient type: no row (their payment stays in the row without a type).
 */
const claimCategoryType: Record<string, RecipientCategory> = {
  ...Object.fromEntries(recipientCategories.map((c) => [c, c])),
  subsistence_allowance: 'minimum_living',
  low_income_margin: 'minimum_living_margin',
  poverty_risk: 'poverty_relapse_risk',
  other_designated: 'other_special_hardship',
  other: 'other_special_hardship',
};
const benefitAccounts: Record<string, BenefitOccasion['account']> = {
  'assistance_benefit_expense.subsidised_enrolment': 'subsidised_enrolment',
  'assistance_benefit_expense.outpatient': 'outpatient',
  'assistance_benefit_expense.inpatient': 'inpatient',
};

/**
 * The benefit occasions paid in [from, to] (cash basis: the posting's date), "built from the ledger
 * and claims" (issue 16): each subsidised-enrolment ledger posted by the 资助参保支出 rule, and each
 * paid assistance claim (零星报销, 001 §13) posted to 门诊/住院救助支出, is one occasion of its
 * recipient's type.
 */
export async function benefitOccasions(prisma: PrismaClient, agency: Jurisdiction, from: IsoDate, to: IsoDate): Promise<BenefitOccasion[]> {
  const [ledgers, claims] = await Promise.all([
    prisma.paymentLedgerPush.findMany({ where: { agency, entryId: { not: null } }, select: { category: true, entryId: true } }),
    prisma.reimbursementClaim.findMany({
      where: { jurisdiction: agency, kind: 'assistance', entryId: { not: null } },
      select: { state: true, entryId: true },
    }),
  ]);
  const typed = [
    ...ledgers.map((l) => ({ category: l.category as RecipientCategory, entryId: l.entryId! })),
    ...claims.flatMap((c) => {
      const assessed = (c.state as { assistance?: { assessedCategory?: { category?: string } | null } | null }).assistance
        ?.assessedCategory;
      const category = assessed?.category ? claimCategoryType[assessed.category] : undefined;
      return category ? [{ category, entryId: c.entryId! }] : [];
    }),
  ];
  if (typed.length === 0) return [];
  const entries = await prisma.journalEntry.findMany({
    where: { id: { in: typed.map((t) => t.entryId) }, date: { gte: from, lte: to } },
    select: { id: true, date: true, lines: { select: { account: true, side: true, amountFen: true } } },
  });
  const dated = new Map(entries.map((e) => [String(e.id), e]));
  return typed.flatMap((t) => {
    const entry = dated.get(String(t.entryId));
    const debit = entry?.lines.find((l) => l.side === 'debit' && benefitAccounts[l.account]);
    if (!entry || !debit) return [];
    return [{ category: t.category, account: benefitAccounts[debit.account]!, amountFen: Number(debit.amountFen), paidOn: entry.date }];
  });
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
