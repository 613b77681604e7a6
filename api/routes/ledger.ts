/**
 * The fund's books over HTTP (医疗救助基金财务管理, 001 §16–§21): finance officers post business
 * events through the posting rules, reverse entries, import settlement payment files; finance and
 * supervisors read the trial balance, an account's ledger and period statements, as JSON or CSV.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { postJournalEntry } from '../../store/ledger';
import {
  type CsvColumn,
  accountLedger,
  importSettlements,
  periodRange,
  periodStatement,
  toCsv,
  trialBalanceReport,
} from '../../store/ledger-reports';
import { shanghaiDate } from '../../domain/dates';
import { businessDateSchema, lineText, periodSchema, positiveAmountFenSchema, yearNumberSchema } from '../../domain/primitives';
import { DomainError } from '../../domain/errors';
import {
  type AccountCode,
  type JournalEntryDraft,
  type Side,
  accountCodeSchema,
  accountOf,
  fiscalIncomeKinds,
  isAccountCode,
  postAdvanceClearing,
  postFiscalIncome,
  postOffsitePrepaymentAdvance,
  postSettlementPayment,
  postSubsidisedEnrolmentPayment,
  reversal,
  settlementCategories,
} from '../../domain/ledger';
import { mayRead, readScope } from '../../domain/access-policy';
import { type Actor, type Jurisdiction, jurisdictionNames, jurisdictionSchema } from '../../domain/people';
import {
  accountLedgerSchema,
  entryViewSchema,
  settlementImportResultSchema,
  statementSchema,
  trialBalanceSchema,
} from '../../domain/views/ledger';
import type { PrismaClient } from '../../generated/prisma/client';
import type { RouteContext } from '../app';
import { idempotent } from '../idempotency';

const amountFen = positiveAmountFenSchema.describe('金额（分）');
const text = lineText;
const isoDateSchema = businessDateSchema;

export const postEntryBodySchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('fiscal_income'), date: isoDateSchema, kind: z.enum(fiscalIncomeKinds), amountFen, ref: text(64) }).strict(),
  z
    .object({
      event: z.literal('settlement_payment'),
      date: isoDateSchema,
      institution: text(100),
      category: z.enum(settlementCategories),
      amountFen,
      batchKey: text(64),
    })
    .strict(),
  z.object({ event: z.literal('subsidised_enrolment'), date: isoDateSchema, amountFen, ref: text(64) }).strict(),
  /** 001 §20: the off-site part of the prepayment, advanced to the clearing (暂付款) */
  z
    .object({ event: z.literal('offsite_prepayment_advance'), date: isoDateSchema, year: yearNumberSchema, amountFen, requestId: text(64) })
    .strict(),
  /** 001 §18, §20: off-site clearing bills settled against the advance */
  z
    .object({ event: z.literal('advance_clearing'), date: isoDateSchema, category: z.enum(settlementCategories), amountFen, ref: text(64) })
    .strict(),
]);
type PostEntryBody = z.infer<typeof postEntryBodySchema>;

/** A report as JSON (format=json, the default) or as a CSV file with Chinese headers (format=csv). */
const jsonOrCsv = (schema: z.ZodType) => ({
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string().describe('UTF-8 with BOM, CRLF line ends') } },
});

const entryParams = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, '分录号应为数字') });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional() }).passthrough();
const format = z.enum(['json', 'csv']).default('json');
const MAX_CSV_CHARS = 2 * 1024 * 1024;

function draftFor(agency: Jurisdiction, body: PostEntryBody): JournalEntryDraft {
  switch (body.event) {
    case 'fiscal_income':
      return postFiscalIncome({ agency, date: body.date, kind: body.kind, amountFen: body.amountFen, ref: body.ref });
    case 'settlement_payment':
      return postSettlementPayment({
        agency,
        date: body.date,
        institution: body.institution,
        category: body.category,
        amountFen: body.amountFen,
        batchKey: body.batchKey,
      });
    case 'subsidised_enrolment':
      return postSubsidisedEnrolmentPayment({ agency, date: body.date, amountFen: body.amountFen, ref: body.ref });
    case 'offsite_prepayment_advance':
      return postOffsitePrepaymentAdvance({
        agency,
        date: body.date,
        year: body.year,
        amountFen: body.amountFen,
        requestId: body.requestId,
      });
    case 'advance_clearing':
      return postAdvanceClearing({ agency, date: body.date, category: body.category, amountFen: body.amountFen, ref: body.ref });
  }
}

async function loadEntry(prisma: PrismaClient, id: string) {
  const row = await prisma.journalEntry.findUnique({ where: { id: BigInt(id) }, include: { lines: { orderBy: { id: 'asc' } } } });
  if (!row) throw new DomainError('NOT_FOUND', `没有分录号为 ${id} 的记账凭证`, { entryId: id });
  return row;
}
type EntryRow = Awaited<ReturnType<typeof loadEntry>>;

async function entryView(prisma: PrismaClient, row: EntryRow) {
  const reversedBy = await prisma.journalEntry.findUnique({ where: { reversesId: row.id }, select: { id: true, date: true } });
  const lines = row.lines.map((l) => ({
    account: l.account as AccountCode, // written by postJournalEntry, which posts only leaf accounts of domain/ledger.ts
    name: accountOf(l.account)?.name ?? l.account,
    side: l.side as Side,
    amountFen: Number(l.amountFen),
  }));
  return {
    id: String(row.id),
    agency: row.agency,
    date: row.date,
    memo: row.memo,
    source: { kind: row.sourceKind, key: row.sourceKey },
    postedBy: row.postedBy,
    postedAt: row.postedAt.toISOString(),
    reversesId: row.reversesId === null ? null : String(row.reversesId),
    reversedBy: reversedBy ? { id: String(reversedBy.id), date: reversedBy.date } : null,
    lines,
    totals: {
      debitFen: lines.filter((l) => l.side === 'debit').reduce((s, l) => s + l.amountFen, 0),
      creditFen: lines.filter((l) => l.side === 'credit').reduce((s, l) => s + l.amountFen, 0),
    },
  };
}

/** The stored entry as the draft it was posted from, for the domain's reversal rule. */
function draftOf(row: EntryRow): JournalEntryDraft {
  return {
    agency: row.agency,
    date: row.date,
    memo: row.memo,
    source: { kind: row.sourceKind, key: row.sourceKey },
    lines: row.lines.map((l) => {
      if (!isAccountCode(l.account)) throw new Error(`stored line ${l.id} has unknown account ${l.account}`);
      return { account: l.account, side: l.side as Side, amountFen: Number(l.amountFen) };
    }),
  };
}

function sendCsv(reply: FastifyReply, name: string, chineseName: string, csv: string): FastifyReply {
  // The BOM lets Excel on a Chinese Windows desktop read the file as UTF-8 instead of GBK.
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"; filename*=UTF-8''${encodeURIComponent(chineseName)}.csv`)
    .send(`\uFEFF${csv}`);
}

const sideNames: Record<Side, string> = { debit: '借', credit: '贷' };

export const ledgerRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;
    const readers = ['finance', 'supervisor'] as const; // the roles of domain/access-policy.ts's ledger row

    /** Whose books a read is about: the actor's own unless they may see the one asked for. */
    async function readableAgency(request: FastifyRequest, asked: Jurisdiction | undefined, what: string): Promise<Jurisdiction> {
      const actor = await ctx.requireRole(request, readers, what);
      const agency = asked ?? actor.jurisdiction;
      if (!readScope(actor, 'ledger')?.jurisdictions.includes(agency)) {
        const error = new DomainError('OUT_OF_JURISDICTION', `不能查看${jurisdictionNames[agency]}经办机构的医疗救助基金账目`, {
          requested: agency,
          actorJurisdiction: actor.jurisdiction,
        });
        await ctx.logDenied(request, error, `ledger:${agency}`);
        throw error;
      }
      return agency;
    }

    async function entryFor(request: FastifyRequest, actor: Actor, id: string, act: boolean): Promise<EntryRow> {
      const row = await loadEntry(prisma, id);
      // Acting is limited to one's own books; reading follows the policy (municipal supervisors see all).
      if (act ? row.agency !== actor.jurisdiction : !mayRead(actor, 'ledger', { jurisdiction: row.agency })) {
        const error = new DomainError('OUT_OF_JURISDICTION', '该分录不属于您所在经办机构的账目', {
          entryAgency: row.agency,
          actorJurisdiction: actor.jurisdiction,
        });
        await ctx.logDenied(request, error, `ledger-entry:${id}`);
        throw error;
      }
      return row;
    }

    app.post(
      '/ledger/entries',
      {
        schema: { tags: ['ledger'], body: postEntryBodySchema, headers: idempotencyHeader, response: { 201: entryViewSchema } },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['finance'], '记账（仅财务人员）');
        return idempotent(prisma, request, reply, actor, async () => {
          const draft = draftFor(actor.jurisdiction, request.body);
          const { entryId, duplicate } = await postJournalEntry(prisma, draft, actor.username);
          if (duplicate) {
            throw new DomainError('DUPLICATE_SOURCE', `该业务已记账（分录号 ${entryId}），不能重复记账；如有错误请冲销后重新记账`, {
              entryId,
              source: draft.source,
            });
          }
          request.log.info({ entryId, source: draft.source, actor: actor.username }, 'journal entry posted');
          return { status: 201, body: await entryView(prisma, await loadEntry(prisma, entryId)) };
        });
      },
    );

    app.post(
      '/ledger/entries/:id/reversal',
      {
        schema: {
          tags: ['ledger'],
          params: entryParams,
          body: z.object({ reason: text(200), date: isoDateSchema }).strict(),
          headers: idempotencyHeader,
          response: { 201: entryViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['finance'], '冲销分录（仅财务人员）');
        const id = request.params.id;
        return idempotent(prisma, request, reply, actor, async () => {
          const row = await entryFor(request, actor, id, true);
          const already = await prisma.journalEntry.findUnique({ where: { reversesId: row.id }, select: { id: true, date: true } });
          if (already) {
            throw new DomainError('DUPLICATE_SOURCE', `分录 ${id} 已于 ${already.date} 冲销（冲销分录号 ${already.id}），不能重复冲销`, {
              entryId: id,
              reversalId: String(already.id),
            });
          }
          // One reversal per entry: the key is the entry itself, and reversesId is unique.
          const draft = reversal(draftOf(row), { date: request.body.date, reason: request.body.reason, key: `entry-${id}` });
          const { entryId, duplicate } = await postJournalEntry(prisma, draft, actor.username, { reversesId: id });
          if (duplicate) {
            throw new DomainError('DUPLICATE_SOURCE', `分录 ${id} 已冲销（冲销分录号 ${entryId}），不能重复冲销`, {
              entryId: id,
              reversalId: entryId,
            });
          }
          request.log.info({ entryId, reverses: id, actor: actor.username }, 'journal entry reversed');
          return { status: 201, body: await entryView(prisma, await loadEntry(prisma, entryId)) };
        });
      },
    );

    app.get(
      '/ledger/entries/:id',
      { schema: { tags: ['ledger'], params: entryParams, response: { 200: entryViewSchema } } },
      async (request) => {
        const actor = await ctx.requireRole(request, readers, '查看记账凭证');
        return entryView(prisma, await entryFor(request, actor, request.params.id, false));
      },
    );

    app.post(
      '/ledger/settlements/import',
      {
        // JSON escaping can nearly double the CSV text, hence the body limit above the 2 MB of text.
        bodyLimit: 2 * MAX_CSV_CHARS + 1024,
        schema: {
          tags: ['ledger'],
          body: z
            .object({
              csv: z
                .string()
                .min(1)
                .max(MAX_CSV_CHARS, '结算文件不能超过2MB')
                .describe('表头 institution,date,category,amount 或 定点机构,日期,类别,金额'),
            })
            .strict(),
          headers: idempotencyHeader,
          response: { 200: settlementImportResultSchema, 201: settlementImportResultSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['finance'], '导入“一站式”结算支付文件（仅财务人员）');
        return idempotent(prisma, request, reply, actor, async () => {
          const result = await importSettlements(prisma, actor.jurisdiction, request.body.csv, actor.username);
          request.log.info({ ...result, agency: actor.jurisdiction, actor: actor.username }, 'settlement file imported');
          return { status: result.posted > 0 ? 201 : 200, body: result };
        });
      },
    );

    app.get(
      '/ledger/trial-balance',
      {
        schema: {
          tags: ['ledger'],
          querystring: z.object({ agency: jurisdictionSchema.optional(), asOf: isoDateSchema.optional(), format }).strict(),
          response: { 200: jsonOrCsv(trialBalanceSchema) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const agency = await readableAgency(request, q.agency, '查看试算平衡表');
        const report = await trialBalanceReport(prisma, agency, q.asOf);
        if (q.format === 'json') return report;
        const columns: CsvColumn[] = [
          { key: 'account', header: '科目编码' },
          { key: 'name', header: '科目名称' },
          { key: 'debitFen', header: '借方合计' },
          { key: 'creditFen', header: '贷方合计' },
          { key: 'side', header: '余额方向' },
          { key: 'balanceFen', header: '余额' },
        ];
        const rows: object[] = [
          ...report.rows.map((r) => ({ ...r, side: sideNames[r.normalSide] })),
          {
            name: report.balanced ? '合计（借贷平衡）' : '合计（借贷不平衡）',
            debitFen: report.totals.debitFen,
            creditFen: report.totals.creditFen,
          },
        ];
        const asOf = report.asOf ?? shanghaiDate(Date.now());
        return sendCsv(reply, `trial-balance-${agency}-${asOf}`, `试算平衡表-${jurisdictionNames[agency]}-${asOf}`, toCsv(rows, columns));
      },
    );

    app.get(
      '/ledger/accounts/:account',
      {
        schema: {
          tags: ['ledger'],
          params: z.object({ account: accountCodeSchema }),
          querystring: z
            .object({ agency: jurisdictionSchema.optional(), from: isoDateSchema.optional(), to: isoDateSchema.optional(), format })
            .strict(),
          response: { 200: jsonOrCsv(accountLedgerSchema) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const agency = await readableAgency(request, q.agency, '查看明细账');
        // Without dates: the current calendar year (001 §17 公历制).
        const year = periodRange(shanghaiDate(Date.now()).slice(0, 4));
        const ledger = await accountLedger(prisma, agency, request.params.account, q.from ?? year.from, q.to ?? year.to);
        if (q.format === 'json') return ledger;
        const columns: CsvColumn[] = [
          { key: 'date', header: '日期' },
          { key: 'entryId', header: '分录号' },
          { key: 'memo', header: '摘要' },
          { key: 'accountName', header: '科目' },
          { key: 'debitFen', header: '借方' },
          { key: 'creditFen', header: '贷方' },
          { key: 'balanceFen', header: '余额' },
        ];
        const rows: object[] = [
          { date: ledger.from, memo: '期初余额', accountName: ledger.name, balanceFen: ledger.openingFen },
          ...ledger.lines,
          {
            date: ledger.to,
            memo: '本期合计及期末余额',
            accountName: ledger.name,
            debitFen: ledger.totals.debitFen,
            creditFen: ledger.totals.creditFen,
            balanceFen: ledger.closingFen,
          },
        ];
        return sendCsv(
          reply,
          `account-ledger-${agency}-${ledger.account}-${ledger.from}-${ledger.to}`,
          `明细账-${jurisdictionNames[agency]}-${ledger.name}-${ledger.from}-${ledger.to}`,
          toCsv(rows, columns),
        );
      },
    );

    app.get(
      '/ledger/statements',
      {
        schema: {
          tags: ['ledger'],
          querystring: z.object({ agency: jurisdictionSchema.optional(), period: periodSchema, format }).strict(),
          response: { 200: jsonOrCsv(statementSchema) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const agency = await readableAgency(request, q.agency, '查看收支报表');
        const s = await periodStatement(prisma, agency, q.period);
        if (q.format === 'json') return s;
        const columns: CsvColumn[] = [
          { key: 'section', header: '项目' },
          { key: 'account', header: '科目编码' },
          { key: 'name', header: '科目名称' },
          { key: 'openingFen', header: '期初余额' },
          { key: 'amountFen', header: '本期发生额' },
          { key: 'closingFen', header: '期末余额' },
        ];
        const rows: object[] = [
          ...s.assets.map((a) => ({
            section: '资产',
            account: a.account,
            name: a.name,
            openingFen: a.openingFen,
            amountFen: a.changeFen,
            closingFen: a.closingFen,
          })),
          ...s.income.map((r) => ({ section: '收入', ...r })),
          { section: '收入', name: '收入合计', amountFen: s.totals.incomeFen },
          ...s.expense.map((r) => ({ section: '支出', ...r })),
          { section: '支出', name: '支出合计', amountFen: s.totals.expenseFen },
          { section: '结余', name: '本期收支结余', amountFen: s.totals.surplusFen },
        ];
        return sendCsv(reply, `statement-${agency}-${s.period}`, `收支报表-${jurisdictionNames[agency]}-${s.period}`, toCsv(rows, columns));
      },
    );
  };
