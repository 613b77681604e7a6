/**
 * Medical-assistance fund books (医疗救助基金财务管理, 001 §16–§21; DOMAIN §4, §11): the chart of
 * accounts, double-entry posting rules for each business event, the annual prepayment (预付款) and
 * the monthly turnover fund (周转金), and exact money arithmetic in integer fen.
 * Pure: no I/O, no clock, no randomness — it runs inside Temporal workflows.
 *
 * Source: 《江门市医疗救助经办规程》 (seed file 001). Where the digest (DOMAIN.md) and the document
 * disagree, the document wins and a `NOTE:` says so.
 *
 * 001 §16: the fund sits in the municipal fiscal special account (财政专户); each agency keeps an
 * expenditure account (支出户) and the fund's own books (专账核算). Every entry here carries the
 * agency (jurisdiction) whose books it belongs to.
 * 001 §17: cash basis (收付实现制) — an expense is recognised when it is paid, never when it is
 * incurred — double entry (借贷记账法), calendar-year periods (公历制).
 */
import { z } from 'zod';
import { type IsoDate, addDays, isValidIsoDate } from './dates';
import { MAX_AMOUNT_FEN, businessDateSchema, isBusinessDate, monthSchema, positiveAmountFenSchema } from './primitives';
import { DomainError } from './errors';
import { type Jurisdiction, jurisdictions, jurisdictionSchema } from './people';
import { type HolidayCalendar, isWorkingDay, workingDayInfo } from './working-days';

// ---------------------------------------------------------------------------------------------
// Chart of accounts (001 §18)
// ---------------------------------------------------------------------------------------------

export type Side = 'debit' | 'credit';
export const sides = ['debit', 'credit'] as const satisfies readonly Side[];
export type AccountType = 'asset' | 'income' | 'expense';

export interface AccountDefinition {
  /** stable English snake_case; a sub-account is `parent.child` */
  code: string;
  /** the name 001 §18 gives it */
  name: string;
  type: AccountType;
  /** the side its balance normally sits on: assets and expenses debit, income credit */
  normalSide: Side;
  parent: string | null;
}

/**
 * 001 §18, in the document's order. The document names exactly these accounts; it lists them with
 * "等" (etc.) and refers to the national social-insurance fund accounting system, but names no
 * transfer-in/out (转移收入/支出), 上级补助收入 or fund-balance (基金结余) account, so none is
 * invented here. Year-end closing into a fund balance is therefore not modelled: balances of the
 * income and expense accounts are read per period instead (cash basis, 001 §17).
 */
export const accounts = [
  // income (001 §18 "医疗救助基金收入通过…科目核算")
  { code: 'fiscal_special_account_deposit', name: '财政专户存款', type: 'asset', normalSide: 'debit', parent: null },
  { code: 'fiscal_subsidy_income', name: '财政补贴收入', type: 'income', normalSide: 'credit', parent: null },
  { code: 'interest_income', name: '利息收入', type: 'income', normalSide: 'credit', parent: null },
  { code: 'other_income', name: '其他收入', type: 'income', normalSide: 'credit', parent: null },
  // requests and annual prepayment transfers (001 §18 "经办机构请款及划转年度预付款时通过…科目核算")
  { code: 'expenditure_account_deposit', name: '支出户存款', type: 'asset', normalSide: 'debit', parent: null },
  { code: 'temporary_payment', name: '暂付款', type: 'asset', normalSide: 'debit', parent: null },
  // expenditure (001 §18 "医疗救助基金支出通过…科目核算", with its 明细科目)
  { code: 'assistance_benefit_expense', name: '医疗救助待遇支出', type: 'expense', normalSide: 'debit', parent: null },
  {
    code: 'assistance_benefit_expense.subsidised_enrolment',
    name: '资助参保支出',
    type: 'expense',
    normalSide: 'debit',
    parent: 'assistance_benefit_expense',
  },
  {
    code: 'assistance_benefit_expense.outpatient',
    name: '门诊救助支出',
    type: 'expense',
    normalSide: 'debit',
    parent: 'assistance_benefit_expense',
  },
  {
    code: 'assistance_benefit_expense.inpatient',
    name: '住院救助支出',
    type: 'expense',
    normalSide: 'debit',
    parent: 'assistance_benefit_expense',
  },
] as const satisfies readonly AccountDefinition[];

export type AccountCode = (typeof accounts)[number]['code'];
export const accountCodes = accounts.map((a) => a.code) as unknown as readonly [AccountCode, ...AccountCode[]];
export const accountCodeSchema = z.enum(accountCodes);

const accountByCode: ReadonlyMap<string, AccountDefinition> = new Map(accounts.map((a) => [a.code, a]));

export function isAccountCode(s: unknown): s is AccountCode {
  return typeof s === 'string' && accountByCode.has(s);
}

/** The account's definition, or undefined for an unknown code. */
export function accountOf(code: string): AccountDefinition | undefined {
  return accountByCode.get(code);
}

/** 001 §18 "明细核算": a parent with sub-accounts is posted to through its sub-accounts only. */
export function isLeafAccount(code: string): boolean {
  return accountByCode.has(code) && !accounts.some((a) => a.parent === code);
}

/** The account itself and, for a parent, all its sub-accounts. */
function accountFamily(code: string): Set<string> {
  const out = new Set<string>([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of accounts)
      if (a.parent !== null && out.has(a.parent) && !out.has(a.code)) {
        out.add(a.code);
        grew = true;
      }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Journal entries
// ---------------------------------------------------------------------------------------------

export interface JournalLine {
  account: AccountCode;
  side: Side;
  amountFen: number;
}

export interface JournalEntryDraft {
  /** whose books (001 §16: each agency keeps the fund's books for its expenditure account) */
  agency: Jurisdiction;
  date: IsoDate;
  memo: string;
  /** the business event the entry records; deterministic, so a retried activity posts it once */
  source: { kind: string; key: string };
  lines: JournalLine[];
}

export const journalLineSchema = z.object({
  account: accountCodeSchema,
  side: z.enum(sides),
  amountFen: positiveAmountFenSchema,
});

export const journalEntryDraftSchema = z.object({
  agency: jurisdictionSchema,
  date: businessDateSchema,
  memo: z.string().min(1),
  source: z.object({ kind: z.string().min(1), key: z.string().min(1) }),
  lines: z.array(journalLineSchema).min(2),
});

/** Any posted line, as read back from storage. */
export interface PostingLike {
  account: string;
  side: Side;
  amountFen: number;
}

/**
 * 001 §17 借贷记账法 "有借必有贷，借贷必相等": at least two lines, every amount a positive safe
 * integer in fen, each line on exactly one side of a known leaf account (001 §18 明细核算), and
 * debits equal to credits.
 */
export function checkBalanced(entry: Pick<JournalEntryDraft, 'lines'>): { ok: true } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const lines: unknown = entry?.lines;
  if (!Array.isArray(lines)) return { ok: false, problems: ['分录没有明细行'] };
  if (lines.length < 2) problems.push(`分录至少需要两行（借方和贷方），现有 ${lines.length} 行`);
  let debits = 0;
  let credits = 0;
  let sumsValid = true;
  lines.forEach((raw: unknown, i: number) => {
    const n = i + 1;
    const line = (raw ?? {}) as Record<string, unknown>;
    const account = line.account;
    if (typeof account !== 'string' || !accountByCode.has(account)) {
      problems.push(`第 ${n} 行：科目 ${String(account)} 不存在`);
    } else if (!isLeafAccount(account)) {
      const children = accounts
        .filter((a) => a.parent === account)
        .map((a) => a.name)
        .join('、');
      problems.push(`第 ${n} 行：科目“${accountByCode.get(account)!.name}”下设明细科目（${children}），不能直接记账`);
    }
    const hasDebit = 'debit' in line || 'debitFen' in line;
    const hasCredit = 'credit' in line || 'creditFen' in line;
    if (hasDebit && hasCredit) problems.push(`第 ${n} 行：同一行不能同时记借方和贷方`);
    const side = line.side;
    if (side !== 'debit' && side !== 'credit') {
      problems.push(`第 ${n} 行：借贷方向 ${String(side)} 无效，应为借方（debit）或贷方（credit）`);
      sumsValid = false;
    }
    const amount = line.amountFen;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      problems.push(`第 ${n} 行：金额必须是正整数（分），现为 ${String(amount)}`);
      sumsValid = false;
      return;
    }
    if (side === 'debit') debits += amount;
    if (side === 'credit') credits += amount;
  });
  if (!Number.isSafeInteger(debits) || !Number.isSafeInteger(credits)) {
    problems.push('借方或贷方合计超出安全整数范围');
  } else if (sumsValid && debits !== credits) {
    problems.push(
      `借贷不平衡：借方合计 ${formatYuan(debits)} 元，贷方合计 ${formatYuan(credits)} 元，相差 ${formatYuan(Math.abs(debits - credits))} 元`,
    );
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

// ---------------------------------------------------------------------------------------------
// Posting rules, one per business event
// ---------------------------------------------------------------------------------------------
//
// Where 暂付款 is used. 001 §18 lists 暂付款 twice: with 支出户存款 and 财政专户存款 for "请款及划转年度
// 预付款", and with 医疗救助待遇支出 and 支出户存款 for expenditure. Read together with 001 §19 and
// §20 this is the usual meaning of 暂付款 in the social-insurance fund accounting system the article
// cites: money the fund has advanced to someone else and that is settled into expenditure later.
//  - The annual prepayment itself is NOT booked to 暂付款: 001 §20 says it is transferred "从财政专户
//    划入医疗救助基金支出户", i.e. it stays the fund's own cash, now in the expenditure account
//    (Dr 支出户存款 / Cr 财政专户存款), and DOMAIN §11 reads the carryover as the 31 December balance
//    of 支出户存款, which only works if the prepayment is held there.
//  - The off-site part of the prepayment (001 §20 "异地就医部分…按省内和跨省医保异地就医直接结算有关
//    规定执行") leaves the fund's accounts for the provincial/national clearing body and is settled
//    later by the off-site bills: that advance is 暂付款 (Dr 暂付款 / Cr 财政专户存款,
//    `postOffsitePrepaymentAdvance`), and when the clearing bills arrive the advance is turned into
//    expenditure (Dr 医疗救助待遇支出/明细 / Cr 暂付款, `postAdvanceClearing`) — the "支出" sentence.
// Ordinary one-stop settlement is paid after the institution's claim is settled, so on the cash basis
// it is expenditure when paid (Dr 医疗救助待遇支出/明细 / Cr 支出户存款).

function validationError(message: string, problems: string[], facts: Record<string, unknown> = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', `${message}：${problems.join('；')}`, { ...facts, problems });
}

function commonProblems(agency: unknown, date: unknown, amountFen: unknown): string[] {
  const problems: string[] = [];
  if (typeof agency !== 'string' || !(jurisdictions as readonly string[]).includes(agency))
    problems.push(`经办机构 ${String(agency)} 无效`);
  if (typeof date !== 'string' || !isBusinessDate(date)) problems.push(`记账日期 ${String(date)} 无效，应为 2000–2100 年间的 YYYY-MM-DD`);
  if (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > MAX_AMOUNT_FEN) {
    problems.push(`金额必须是不超过100亿元的正整数（分），现为 ${String(amountFen)}`);
  }
  return problems;
}

function requireText(name: string, value: unknown, problems: string[]): void {
  if (typeof value !== 'string' || value.trim() === '') problems.push(`${name}不能为空`);
}

/** Builds a two-line entry (one debit, one credit) and refuses it unless it balances. */
function twoLineEntry(
  agency: Jurisdiction,
  date: IsoDate,
  memo: string,
  source: { kind: string; key: string },
  debit: AccountCode,
  credit: AccountCode,
  amountFen: number,
): JournalEntryDraft {
  const entry: JournalEntryDraft = {
    agency,
    date,
    memo,
    source,
    lines: [
      { account: debit, side: 'debit', amountFen },
      { account: credit, side: 'credit', amountFen },
    ],
  };
  const check = checkBalanced(entry);
  if (!check.ok) throw validationError('分录不成立', check.problems, { source });
  return entry;
}

export const fiscalIncomeKinds = ['fiscal_subsidy', 'interest', 'other'] as const;
export type FiscalIncomeKind = (typeof fiscalIncomeKinds)[number];
const incomeAccount: Record<FiscalIncomeKind, AccountCode> = {
  fiscal_subsidy: 'fiscal_subsidy_income',
  interest: 'interest_income',
  other: 'other_income',
};

/**
 * 001 §16, §18: fund income (财政补贴、利息、其他) arrives in the fiscal special account.
 * Dr 财政专户存款 / Cr 财政补贴收入 | 利息收入 | 其他收入.
 */
export function postFiscalIncome(input: {
  agency: Jurisdiction;
  date: IsoDate;
  kind: FiscalIncomeKind;
  amountFen: number;
  ref: string;
}): JournalEntryDraft {
  const { agency, date, kind, amountFen, ref } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!(fiscalIncomeKinds as readonly string[]).includes(kind)) problems.push(`收入类型 ${String(kind)} 无效`);
  requireText('收入凭据号', ref, problems);
  if (problems.length) throw validationError('基金收入不能记账', problems);
  const account = incomeAccount[kind];
  return twoLineEntry(
    agency,
    date,
    `医疗救助基金${accountByCode.get(account)!.name}（凭据 ${ref}）`,
    { kind: 'fiscal_income', key: `${agency}:${kind}:${ref}` },
    'fiscal_special_account_deposit',
    account,
    amountFen,
  );
}

/**
 * 001 §19, §21: the monthly turnover fund (周转金), requested on the previous month's actual
 * spending before the 18th, is paid from the fiscal special account into the expenditure account.
 * Dr 支出户存款 / Cr 财政专户存款.
 */
export function postTurnoverTransfer(input: {
  agency: Jurisdiction;
  date: IsoDate;
  month: string;
  amountFen: number;
  requestId: string;
}): JournalEntryDraft {
  const { agency, date, month, amountFen, requestId } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!isMonth(month)) problems.push(`月份 ${String(month)} 无效，应为 YYYY-MM`);
  requireText('请款单号', requestId, problems);
  if (problems.length) throw validationError('周转金划拨不能记账', problems);
  return twoLineEntry(
    agency,
    date,
    `${monthLabel(month)}周转金：财政专户划入支出户（请款单 ${requestId}）`,
    { kind: 'turnover_transfer', key: `${agency}:${month}:${requestId}` },
    'expenditure_account_deposit',
    'fiscal_special_account_deposit',
    amountFen,
  );
}

/**
 * 001 §20: the annual prepayment (预付款) is transferred "从财政专户划入医疗救助基金支出户".
 * Dr 支出户存款 / Cr 财政专户存款 (not 暂付款: see the note above the posting rules).
 */
export function postPrepaymentTransfer(input: {
  agency: Jurisdiction;
  date: IsoDate;
  year: number;
  amountFen: number;
  requestId: string;
}): JournalEntryDraft {
  const { agency, date, year, amountFen, requestId } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) problems.push(`年度 ${String(year)} 无效`);
  requireText('请款单号', requestId, problems);
  if (problems.length) throw validationError('预付款划拨不能记账', problems);
  return twoLineEntry(
    agency,
    date,
    `${year}年度医疗救助预付款：财政专户划入支出户（请款单 ${requestId}）`,
    { kind: 'prepayment_transfer', key: `${agency}:${year}:${requestId}` },
    'expenditure_account_deposit',
    'fiscal_special_account_deposit',
    amountFen,
  );
}

/**
 * 001 §20 last sentence; §18 (暂付款 in both the transfer and the expenditure list): the off-site
 * (异地就医) part of the prepayment, advanced to the provincial/national clearing under their rules.
 * Dr 暂付款 / Cr 财政专户存款; settled into expenditure by `postAdvanceClearing`.
 */
export function postOffsitePrepaymentAdvance(input: {
  agency: Jurisdiction;
  date: IsoDate;
  year: number;
  amountFen: number;
  requestId: string;
}): JournalEntryDraft {
  const { agency, date, year, amountFen, requestId } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) problems.push(`年度 ${String(year)} 无效`);
  requireText('请款单号', requestId, problems);
  if (problems.length) throw validationError('异地就医预付款不能记账', problems);
  // NOTE: 001 §20 leaves the path of the off-site part to provincial and national rules; it is
  // booked here as paid out of the fiscal special account, the account 001 §18 lists with 暂付款
  // for prepayment transfers.
  return twoLineEntry(
    agency,
    date,
    `${year}年度医疗救助预付款（异地就医部分）：财政专户拨付（请款单 ${requestId}）`,
    { kind: 'offsite_prepayment_advance', key: `${agency}:${year}:${requestId}` },
    'temporary_payment',
    'fiscal_special_account_deposit',
    amountFen,
  );
}

export const settlementCategories = ['outpatient', 'inpatient'] as const;
export type SettlementCategory = (typeof settlementCategories)[number];
const categoryAccount: Record<SettlementCategory, AccountCode> = {
  outpatient: 'assistance_benefit_expense.outpatient',
  inpatient: 'assistance_benefit_expense.inpatient',
};
const categoryName: Record<SettlementCategory, string> = { outpatient: '门诊', inpatient: '住院' };

/**
 * 001 §18, §20 (the off-site advance is "专项用于医疗救助结算"): off-site clearing bills settled
 * against the advance become expenditure. Dr 医疗救助待遇支出/门诊|住院救助支出 / Cr 暂付款.
 */
export function postAdvanceClearing(input: {
  agency: Jurisdiction;
  date: IsoDate;
  category: SettlementCategory;
  amountFen: number;
  ref: string;
}): JournalEntryDraft {
  const { agency, date, category, amountFen, ref } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!(settlementCategories as readonly string[]).includes(category)) problems.push(`救助类别 ${String(category)} 无效`);
  requireText('清算单号', ref, problems);
  if (problems.length) throw validationError('暂付款清算不能记账', problems);
  return twoLineEntry(
    agency,
    date,
    `异地就医${categoryName[category]}救助清算，冲减暂付款（清算单 ${ref}）`,
    { kind: 'advance_clearing', key: `${agency}:${category}:${ref}` },
    categoryAccount[category],
    'temporary_payment',
    amountFen,
  );
}

/**
 * 001 §19: the expenditure account pays the designated institution the one-stop settlement
 * (“一站式”结算) funds. Cash basis (001 §17): expenditure when paid.
 * Dr 医疗救助待遇支出/门诊救助支出|住院救助支出 / Cr 支出户存款.
 */
export function postSettlementPayment(input: {
  agency: Jurisdiction;
  date: IsoDate;
  institution: string;
  category: SettlementCategory;
  amountFen: number;
  batchKey: string;
}): JournalEntryDraft {
  const { agency, date, institution, category, amountFen, batchKey } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!(settlementCategories as readonly string[]).includes(category)) problems.push(`救助类别 ${String(category)} 无效`);
  requireText('定点医疗机构', institution, problems);
  requireText('结算批次', batchKey, problems);
  if (problems.length) throw validationError('“一站式”结算支付不能记账', problems);
  return twoLineEntry(
    agency,
    date,
    `支付定点医疗机构 ${institution} ${categoryName[category]}救助“一站式”结算资金（批次 ${batchKey}）`,
    { kind: 'settlement_payment', key: `${agency}:${batchKey}:${institution}:${category}` },
    categoryAccount[category],
    'expenditure_account_deposit',
    amountFen,
  );
}

/**
 * 001 §19 "其他需医疗救助支付的费用（含医疗救助资助参保）按“一站式”结算资金的划拨程序执行":
 * subsidised enrolment is paid from the expenditure account like settlement funds.
 * Dr 医疗救助待遇支出/资助参保支出 / Cr 支出户存款.
 */
export function postSubsidisedEnrolmentPayment(input: {
  agency: Jurisdiction;
  date: IsoDate;
  amountFen: number;
  ref: string;
}): JournalEntryDraft {
  const { agency, date, amountFen, ref } = input;
  const problems = commonProblems(agency, date, amountFen);
  requireText('资助参保批次', ref, problems);
  if (problems.length) throw validationError('资助参保支付不能记账', problems);
  return twoLineEntry(
    agency,
    date,
    `医疗救助资助参保支出（批次 ${ref}）`,
    { kind: 'subsidised_enrolment_payment', key: `${agency}:${ref}` },
    'assistance_benefit_expense.subsidised_enrolment',
    'expenditure_account_deposit',
    amountFen,
  );
}

/**
 * 001 §13, §19 "其他需医疗救助支付的费用…按“一站式”结算资金的划拨程序执行": a manual (零星) assistance
 * reimbursement is paid from the expenditure account to the recipient's card.
 * Dr 医疗救助待遇支出/门诊救助支出|住院救助支出 / Cr 支出户存款. One posting per claim.
 */
export function postAssistanceReimbursement(input: {
  agency: Jurisdiction;
  date: IsoDate;
  category: SettlementCategory;
  amountFen: number;
  claimId: string;
}): JournalEntryDraft {
  const { agency, date, category, amountFen, claimId } = input;
  const problems = commonProblems(agency, date, amountFen);
  if (!(settlementCategories as readonly string[]).includes(category)) problems.push(`救助类别 ${String(category)} 无效`);
  requireText('报销申请', claimId, problems);
  if (problems.length) throw validationError('医疗救助零星报销支付不能记账', problems);
  return twoLineEntry(
    agency,
    date,
    `医疗救助零星报销${categoryName[category]}救助支出（${claimId}）`,
    { kind: 'assistance_reimbursement', key: claimId },
    categoryAccount[category],
    'expenditure_account_deposit',
    amountFen,
  );
}

/**
 * 001 §17 (借贷记账法; cash basis: a posted entry is never edited, it is reversed in the period the
 * error is found): the same lines with debit and credit swapped, dated on or after the original.
 */
export function reversal(entry: JournalEntryDraft, opts: { date: IsoDate; reason: string; key: string }): JournalEntryDraft {
  const problems: string[] = [];
  if (!isBusinessDate(opts.date)) problems.push(`冲销日期 ${String(opts.date)} 无效，应为 2000–2100 年间的 YYYY-MM-DD`);
  else if (opts.date < entry.date) problems.push(`冲销日期 ${opts.date} 早于原分录日期 ${entry.date}`);
  requireText('冲销原因', opts.reason, problems);
  requireText('冲销键', opts.key, problems);
  const original = checkBalanced(entry);
  if (!original.ok) problems.push(...original.problems.map((p) => `原分录：${p}`));
  if (problems.length) throw validationError('不能冲销', problems, { source: entry.source });
  return {
    agency: entry.agency,
    date: opts.date,
    memo: `冲销：${entry.memo}（原因：${opts.reason.trim()}）`,
    source: { kind: 'reversal', key: `${entry.source.kind}:${entry.source.key}:${opts.key}` },
    lines: entry.lines.map((l) => ({ account: l.account, side: l.side === 'debit' ? 'credit' : 'debit', amountFen: l.amountFen })),
  };
}

// ---------------------------------------------------------------------------------------------
// Balances
// ---------------------------------------------------------------------------------------------

function safeAdd(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw new RangeError('金额合计超出安全整数范围');
  return s;
}

function assertPostingAmount(p: PostingLike): void {
  if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0) throw new RangeError(`金额必须是正整数（分），现为 ${String(p.amountFen)}`);
  if (p.side !== 'debit' && p.side !== 'credit') throw new RangeError(`借贷方向 ${String(p.side)} 无效`);
}

/**
 * 001 §18: the balance of `account` on its normal side (assets and expenses debit − credit, income
 * credit − debit). For a parent account the sub-accounts are included.
 */
export function accountBalance(lines: readonly PostingLike[], account: AccountCode): number {
  const def = accountByCode.get(account);
  if (!def) throw new RangeError(`科目 ${String(account)} 不存在`);
  const family = accountFamily(account);
  let balance = 0;
  for (const l of lines) {
    if (!family.has(l.account)) continue;
    assertPostingAmount(l);
    balance = safeAdd(balance, l.side === def.normalSide ? l.amountFen : -l.amountFen);
  }
  return balance;
}

export interface TrialBalanceRow {
  account: AccountCode;
  name: string;
  debitFen: number;
  creditFen: number;
  /** the balance on the account's normal side (negative when it sits on the other side) */
  balanceFen: number;
  normalSide: Side;
}

export interface TrialBalance {
  rows: TrialBalanceRow[];
  totals: { debitFen: number; creditFen: number; balanced: boolean };
}

/**
 * 001 §17, §18 (借贷记账法): per-account debit and credit totals, each account's balance on its normal
 * side, and the totals, which agree when every entry balanced. Rows are the accounts posted to, in
 * chart order. Postings to unknown accounts are refused.
 */
export function trialBalance(postings: readonly PostingLike[]): TrialBalance {
  const sums = new Map<string, { debitFen: number; creditFen: number }>();
  let debitFen = 0;
  let creditFen = 0;
  for (const p of postings) {
    if (!accountByCode.has(p.account)) throw new RangeError(`科目 ${String(p.account)} 不存在`);
    assertPostingAmount(p);
    const s = sums.get(p.account) ?? { debitFen: 0, creditFen: 0 };
    if (p.side === 'debit') {
      s.debitFen = safeAdd(s.debitFen, p.amountFen);
      debitFen = safeAdd(debitFen, p.amountFen);
    } else {
      s.creditFen = safeAdd(s.creditFen, p.amountFen);
      creditFen = safeAdd(creditFen, p.amountFen);
    }
    sums.set(p.account, s);
  }
  const rows: TrialBalanceRow[] = [];
  for (const a of accounts) {
    const s = sums.get(a.code);
    if (!s) continue;
    rows.push({
      account: a.code,
      name: a.name,
      debitFen: s.debitFen,
      creditFen: s.creditFen,
      normalSide: a.normalSide,
      balanceFen: a.normalSide === 'debit' ? s.debitFen - s.creditFen : s.creditFen - s.debitFen,
    });
  }
  return { rows, totals: { debitFen, creditFen, balanced: debitFen === creditFen } };
}

/**
 * DOMAIN §11 "上年度实际费用" / "上个月实际支出数" (001 §20, §21): the agency's postings to
 * 医疗救助待遇支出 (all sub-accounts), net of reversals (debits − credits), dated in [from, to]
 * inclusive. The caller passes one agency's postings.
 */
export function spendingInPeriod(postings: readonly (PostingLike & { date: IsoDate })[], from: IsoDate, to: IsoDate): number {
  if (!isValidIsoDate(from) || !isValidIsoDate(to)) throw new RangeError(`期间 ${from}–${to} 无效`);
  const family = accountFamily('assistance_benefit_expense');
  let net = 0;
  for (const p of postings) {
    if (!family.has(p.account) || p.date < from || p.date > to) continue;
    assertPostingAmount(p);
    net = safeAdd(net, p.side === 'debit' ? p.amountFen : -p.amountFen);
  }
  return net;
}

// ---------------------------------------------------------------------------------------------
// Annual prepayment (预付款) and monthly turnover fund (周转金)
// ---------------------------------------------------------------------------------------------

export interface PrepaymentProposal {
  /** 25% of last year's actual spending, rounded half up to the fen */
  quarterFen: number;
  /** 31 December balance of 支出户存款 (DOMAIN §11) */
  carryoverFen: number;
  /** max(0, quarterFen − carryoverFen) */
  proposedFen: number;
  /** the calculation line by line, for the estimate sent to the finance department (001 §20) */
  lines: { label: string; amountFen: number }[];
}

/** x / 4 rounded half up, exactly, for a non-negative safe integer x (remainder 2 or 3 rounds up). */
export function quarterHalfUp(x: number): number {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`金额必须是非负整数（分），现为 ${String(x)}`);
  const q = Math.floor(x / 4); // exact: division by a power of two, then floor
  return x % 4 >= 2 ? q + 1 : q;
}

/**
 * 001 §20 "按照上年度实际费用的25%确定 … 每年年末余额结转下一年度抵减预付款额度"; DOMAIN §11: the
 * carryover is the agency's 支出户存款 balance on 31 December, and the transfer is
 * max(0, 25% of last year's actual spending − carryover), 25% rounded half up to the fen.
 */
export function prepaymentProposal(input: { lastYearSpendingFen: number; carryoverFen: number }): PrepaymentProposal {
  const { lastYearSpendingFen, carryoverFen } = input;
  if (!Number.isSafeInteger(lastYearSpendingFen) || lastYearSpendingFen < 0) {
    throw new RangeError(`上年度实际支出必须是非负整数（分），现为 ${String(lastYearSpendingFen)}`);
  }
  if (!Number.isSafeInteger(carryoverFen) || carryoverFen < 0) {
    throw new RangeError(`年末结转余额必须是非负整数（分），现为 ${String(carryoverFen)}`);
  }
  const quarterFen = quarterHalfUp(lastYearSpendingFen);
  const proposedFen = Math.max(0, quarterFen - carryoverFen);
  const lines = [
    { label: '上年度医疗救助实际支出（医疗救助待遇支出，含各明细科目）', amountFen: lastYearSpendingFen },
    { label: '× 25%（四舍五入到分）＝ 预付款额度', amountFen: quarterFen },
    { label: '减：上年末支出户存款余额（结转抵减）', amountFen: carryoverFen },
    {
      label:
        proposedFen === 0 && carryoverFen > quarterFen ? '本年度申请划拨预付款（结转余额已超过额度，无需划拨）' : '本年度申请划拨预付款',
      amountFen: proposedFen,
    },
  ];
  return { quarterFen, carryoverFen, proposedFen, lines };
}

export { monthSchema };

function isMonth(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

function assertMonth(month: string): void {
  if (!isMonth(month)) throw new RangeError(`月份 ${String(month)} 无效，应为 YYYY-MM`);
}

function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * 001 §21 "按上个月实际支出数为标准申请"; DOMAIN §11: the calendar month before `month`, with its first
 * and last day (inclusive), across the year boundary.
 */
export function previousMonth(month: string): { month: string; from: IsoDate; to: IsoDate } {
  assertMonth(month);
  let y = Number(month.slice(0, 4));
  let m = Number(month.slice(5, 7)) - 1;
  if (m === 0) {
    y -= 1;
    m = 12;
  }
  const ym = `${pad4(y)}-${pad2(m)}`;
  return { month: ym, from: `${ym}-01`, to: `${ym}-${pad2(daysInMonth(y, m))}` };
}

/** 001 §21 "在每月18日前申请"; DOMAIN §11: on time up to and including the 18th. */
export function turnoverDueDate(month: string): IsoDate {
  assertMonth(month);
  return `${month}-18`;
}

/**
 * The last day to request the month's turnover fund on the loaded calendar. Civil Code art. 203
 * (期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日): when the 18th is not a working
 * day, the period ends on the next working day. Reading (README): "法定休假日" includes weekends and
 * the State Council's holidays, a make-up working weekend day (调休上班) is a working day.
 */
export function turnoverLastDay(month: string, calendar: HolidayCalendar): { date: IsoDate; provisional: boolean } {
  let date = turnoverDueDate(month);
  let provisional = false;
  for (;;) {
    const info = workingDayInfo(calendar, date);
    provisional ||= info.provisional;
    if (info.working) return { date, provisional };
    date = addDays(date, 1);
  }
}

/** 001 §21; DOMAIN §11: a request for `month` submitted on or before its last day (the 18th, or later by art. 203) is on time. */
export function isTurnoverOnTime(month: string, submittedOn: IsoDate, lastDay: IsoDate = turnoverDueDate(month)): boolean {
  if (!isValidIsoDate(submittedOn)) throw new RangeError(`申请日期 ${String(submittedOn)} 无效`);
  return submittedOn <= lastDay;
}

/**
 * 001 §21: the request rests on the previous month's actual spending, which is known only once that
 * month has ended, so a request for `month` submitted before its 1st is premature (not late).
 */
export function isTurnoverPremature(month: string, submittedOn: IsoDate): boolean {
  assertMonth(month);
  if (!isValidIsoDate(submittedOn)) throw new RangeError(`申请日期 ${String(submittedOn)} 无效`);
  return submittedOn < `${month}-01`;
}

/**
 * 001 §20 "每年1月初测算"; DOMAIN §11: the prepayment process starts on the first working day of
 * January. Make-up working days (调休上班) count, holidays do not (the loaded calendar).
 */
export function firstWorkingDay(calendar: HolidayCalendar, year: number, month: number): IsoDate {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`年度 ${String(year)} 无效`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`月份 ${String(month)} 无效`);
  const prefix = `${pad4(year)}-${pad2(month)}-`;
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    const date = `${prefix}${pad2(d)}`;
    if (isWorkingDay(calendar, date)) return date;
  }
  throw new RangeError(`${year}年${month}月没有工作日，请检查节假日日历`);
}

// ---------------------------------------------------------------------------------------------
// Money text (DOMAIN §0: exact, never floating point)
// ---------------------------------------------------------------------------------------------

/** Integer fen as yuan with exactly two decimals, no thousands separators: 123450 → '1234.50', −5 → '-0.05'. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额必须是安全整数（分），现为 ${String(fen)}`);
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${negative ? '-' : ''}${yuan}.${pad2(cents)}`;
}

/**
 * Yuan text to integer fen, by string arithmetic: '1234' → 123400, '1234.5' → 123450,
 * '1234.56' → 123456, '-0.05' → −5. Refuses more than two decimals, thousands separators,
 * surrounding spaces, exponents and anything else that is not a plain decimal number.
 */
export function parseYuan(text: string): number {
  if (typeof text !== 'string') throw new RangeError('金额必须是文本');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) {
    if (/^-?\d+\.\d{3,}$/.test(text)) throw new RangeError(`金额“${text}”最多保留两位小数（精确到分）`);
    if (/,|，/.test(text)) throw new RangeError(`金额“${text}”不能含千位分隔符`);
    throw new RangeError(`金额“${text}”不是有效的数字，应形如 1234 或 1234.56`);
  }
  const [, sign, int, frac = ''] = m;
  const fen = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`金额“${text}”超出可处理范围`);
  const n = Number(fen);
  return sign === '-' && n !== 0 ? -n : n;
}
