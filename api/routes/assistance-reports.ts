/**
 * The quarterly disclosure of medical assistance (001 §25, 附件2) from draft to reviewed to
 * published (who and when), immutable once published (a correction is a new version), open to
 * objections for three months (a durable timer), each objection recorded and answered; CSV and a
 * printable PDF (the shared form renderer). And the statistics of 001 §28 as JSON or CSV.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type DisclosureRow,
  disclosureCsvRows,
  objectionPeriodEnd,
  quarterSchemaPattern,
  reportPeriod,
  toCsv,
} from '../../domain/assistance-disclosure';
import { isoDateSchema, shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { formatYuan } from '../../domain/ledger';
import { type Jurisdiction, jurisdictionNames, jurisdictionSchema } from '../../domain/people';
import { lineText, multilineText } from '../../domain/primitives';
import { issuingAgency } from '../../documents/service-case-forms';
import type { FormDocument } from '../../documents/form';
import { renderPdf } from '../../documents/pdf';
import type { Prisma } from '../../generated/prisma/client';
import { assistanceStatistics, disclosureTableFor } from '../../store/assistance-reports';
import { disclosureObjectionPeriod, disclosureWorkflowId } from '../../workflows/assistance-disclosure';
import type { RouteContext } from '../app';
import { pdfResponse, sendPdf } from './case-documents';
import { assistanceStatisticsSchema, disclosureViewSchema, outreachStatuses, outreachViewSchema } from '../../domain/views/assistance';

type DisclosureRecord = Prisma.AssistanceDisclosureGetPayload<{ include: { objections: true } }>;

const idParams = z.object({ id: z.string().regex(/^[a-z]+:\d{4}-Q[1-4]:v\d{1,4}$/, '公示编号格式不正确') });
const format = z.enum(['json', 'csv']).default('json');
const iso = (d: Date | null) => d?.toISOString() ?? null;

function disclosureView(r: DisclosureRecord): z.infer<typeof disclosureViewSchema> {
  return {
    ...r,
    status: r.status as z.infer<typeof disclosureViewSchema>['status'],
    rows: r.rows as unknown as DisclosureRow[],
    totalFen: Number(r.totalFen),
    ledgerSpendingFen: Number(r.ledgerSpendingFen),
    builtAt: r.builtAt.toISOString(),
    reviewedAt: iso(r.reviewedAt),
    publishedAt: iso(r.publishedAt),
    objectionClosedAt: iso(r.objectionClosedAt),
    objections: r.objections.map((o) => ({
      ...o,
      id: String(o.id),
      recordedAt: o.recordedAt.toISOString(),
      answeredAt: iso(o.answeredAt),
    })),
  };
}

/** 附件2 as a printable form (the shared renderer, documents/pdf.ts). */
function disclosureForm(r: DisclosureRecord): FormDocument {
  const rows = r.rows as unknown as DisclosureRow[];
  const county = jurisdictionNames[r.agency];
  return {
    title: '江门市医疗救助对象和救助金额等情况公示',
    documentNo: `${r.quarter} 第${r.version}版${r.status === 'published' || r.status === 'superseded' ? '' : '（草稿，未公布）'}`,
    blocks: [
      {
        kind: 'paragraph',
        text: `现将${county}医疗救助对象和救助金额等情况予以公示，接受社会监督。公示期为三个月，如有异议，可向属地医疗保障经办机构反馈。`,
      },
      {
        kind: 'fields',
        fields: [
          { label: '统计时间', value: `${r.periodFrom} 至 ${r.periodTo}` },
          { label: '公示期', value: r.publishedOn ? `${r.publishedOn} 至 ${r.objectionUntil}` : '公布后三个月' },
          ...(r.correctionOf ? [{ label: '更正说明', value: `更正 ${r.correctionOf}：${r.correctionReason ?? ''}` }] : []),
        ],
      },
      {
        kind: 'table',
        columns: ['序号', '救助对象类型', '享受待遇人次', '救助金额（元）'],
        widths: [1, 5, 2, 2.5],
        rows: [
          ...rows.map((x) => [String(x.no), x.name, x.occasions === null ? '—' : String(x.occasions), formatYuan(x.amountFen)]),
          ['', '合计', String(r.totalOccasions), formatYuan(Number(r.totalFen))],
        ],
      },
    ],
    issuer: `${issuingAgency(r.agency)}医疗保障经办机构（盖章）`,
    issuedOn: r.publishedOn ?? shanghaiDate(Date.now()),
    footnotes: ['注：救助对象类型包括我市政策规定的所有救助对象（附件2）；救助金额以医疗救助基金支出户记账为准（001 §17–§19）。'],
  };
}

function sendCsv(reply: FastifyReply, name: string, chineseName: string, csv: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"; filename*=UTF-8''${encodeURIComponent(chineseName)}.csv`)
    .send(`\uFEFF${csv}`);
}

const csvOrJson = (schema: z.ZodType) => ({
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string().describe('UTF-8 with BOM, CRLF line ends') } },
});

export const assistanceReportRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    const load = async (request: FastifyRequest, id: string) => {
      const row = await prisma.assistanceDisclosure.findUnique({ where: { id }, include: { objections: { orderBy: { id: 'asc' } } } });
      if (!row) throw new DomainError('NOT_FOUND', '没有该公示', { id });
      await ctx.visibility.requireReadable(request, 'assistance_recipient', { jurisdiction: row.agency }, id);
      return row;
    };
    const reload = (id: string) =>
      prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id }, include: { objections: { orderBy: { id: 'asc' } } } });
    const lostRace = (id: string, status: string) =>
      new DomainError('CASE_WRONG_STATE', '该公示已被他人办理，请刷新后再试', { id, status });
    const own = (request: FastifyRequest, agency: Jurisdiction) => {
      if (request.actor!.jurisdiction !== agency) throw new DomainError('OUT_OF_JURISDICTION', '只能办理本经办机构的公示', { agency });
    };

    /**
     * The quarter's table as a draft (finance builds it from the books). While unpublished, building
     * again replaces the draft; once published, only a correction (with its reason) makes a new version.
     */
    app.post(
      '/assistance/disclosures',
      {
        schema: {
          tags: ['assistance'],
          body: z
            .object({
              quarter: z.string().regex(quarterSchemaPattern, '季度应为 YYYY-Qn'),
              correctionReason: multilineText(500).pipe(z.string().trim().min(1)).optional(),
            })
            .strict(),
          response: { 200: disclosureViewSchema, 201: disclosureViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['finance', 'reviewer'], '编制医疗救助公示（财务或审核人员）');
        const { quarter, correctionReason } = request.body;
        const period = reportPeriod(quarter);
        const today = shanghaiDate(Date.now());
        if (period.to >= today) {
          throw new DomainError('CASE_WRONG_STATE', `${period.label}尚未结束（${period.to}），季度结束后才能编制公示（001 §25）`, {
            periodTo: period.to,
          });
        }
        const versions = await prisma.assistanceDisclosure.findMany({
          where: { agency: actor.jurisdiction, quarter },
          orderBy: { version: 'desc' },
        });
        const latest = versions[0];
        const table = await disclosureTableFor(prisma, actor.jurisdiction, period.from, period.to);
        const data = {
          rows: table.rows as unknown as Prisma.InputJsonValue,
          totalOccasions: table.totalOccasions,
          totalFen: BigInt(table.totalFen),
          ledgerSpendingFen: BigInt(table.ledgerSpendingFen),
          builtBy: actor.username,
          builtAt: new Date(),
        };
        if (latest && (latest.status === 'draft' || latest.status === 'reviewed')) {
          // an unpublished version is rebuilt from today's books and goes back to draft
          const updated = await prisma.assistanceDisclosure.updateMany({
            where: { id: latest.id, status: latest.status },
            data: {
              ...data,
              status: 'draft',
              reviewedBy: null,
              reviewedAt: null,
              correctionReason: correctionReason ?? latest.correctionReason,
            },
          });
          if (updated.count !== 1) throw lostRace(latest.id, latest.status);
          return reply.status(200).send(disclosureView(await reload(latest.id)));
        }
        const published = versions.find((v) => v.status === 'published');
        if (published && !correctionReason) {
          throw new DomainError(
            'REASON_REQUIRED',
            `${period.label}的公示已于 ${published.publishedOn} 公布，不能修改；更正须说明原因，作为新版本公布`,
            {
              published: published.id,
            },
          );
        }
        const version = (latest?.version ?? 0) + 1;
        const id = `${actor.jurisdiction}:${quarter}:v${version}`;
        try {
          await prisma.assistanceDisclosure.create({
            data: {
              id,
              agency: actor.jurisdiction,
              quarter,
              version,
              status: 'draft',
              periodFrom: period.from,
              periodTo: period.to,
              ...data,
              correctionOf: published?.id ?? null,
              correctionReason: published ? correctionReason! : null,
            },
          });
        } catch (e) {
          if ((e as { code?: string }).code === 'P2002') throw lostRace(id, 'draft');
          throw e;
        }
        return reply.status(201).send(disclosureView(await reload(id)));
      },
    );

    app.get(
      '/assistance/disclosures',
      {
        schema: {
          tags: ['assistance'],
          querystring: z
            .object({ agency: jurisdictionSchema.optional(), quarter: z.string().regex(quarterSchemaPattern).optional() })
            .strict(),
          response: { 200: z.array(disclosureViewSchema) },
        },
      },
      async (request) => {
        const scope = await ctx.visibility.listScope(request, 'assistance_recipient', request.query.agency);
        const rows = await prisma.assistanceDisclosure.findMany({
          where: { agency: { in: [...scope.jurisdictions] }, ...(request.query.quarter ? { quarter: request.query.quarter } : {}) },
          include: { objections: { orderBy: { id: 'asc' } } },
          orderBy: [{ quarter: 'desc' }, { version: 'desc' }],
        });
        return rows.map(disclosureView);
      },
    );

    app.get(
      '/assistance/disclosures/:id',
      {
        schema: {
          tags: ['assistance'],
          params: idParams,
          querystring: z.object({ format }).strict(),
          response: { 200: csvOrJson(disclosureViewSchema) },
        },
      },
      async (request, reply) => {
        const row = await load(request, request.params.id);
        if (request.query.format === 'json') return disclosureView(row);
        const csv = toCsv(
          disclosureCsvRows({
            rows: row.rows as unknown as DisclosureRow[],
            totalOccasions: row.totalOccasions,
            totalFen: Number(row.totalFen),
            ledgerSpendingFen: Number(row.ledgerSpendingFen),
          }),
        );
        return sendCsv(
          reply,
          `disclosure-${row.agency}-${row.quarter}-v${row.version}`,
          `医疗救助公示-${jurisdictionNames[row.agency]}-${row.quarter}-第${row.version}版`,
          csv,
        );
      },
    );

    app.get(
      '/assistance/disclosures/:id/disclosure.pdf',
      { schema: { tags: ['assistance'], params: idParams, response: { 200: pdfResponse } } },
      async (request, reply) => {
        const row = await load(request, request.params.id);
        const pdf = await renderPdf(disclosureForm(row));
        return sendPdf(
          reply,
          `disclosure-${row.agency}-${row.quarter}-v${row.version}`,
          `医疗救助公示-${row.quarter}-第${row.version}版`,
          pdf,
        );
      },
    );

    /** The agency's reviewer checks the draft against the books (not the one who built it). */
    app.post(
      '/assistance/disclosures/:id/review',
      {
        schema: { tags: ['assistance'], params: idParams, body: z.object({}).strict().optional(), response: { 200: disclosureViewSchema } },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['reviewer'], '审核医疗救助公示（审核人员）');
        const row = await load(request, request.params.id);
        own(request, row.agency);
        if (row.status !== 'draft')
          throw new DomainError('CASE_WRONG_STATE', `公示当前为「${row.status}」，只有草稿可以审核`, { status: row.status });
        if (row.builtBy === actor.username) {
          throw new DomainError('ROLE_NOT_ALLOWED', '编制人不能审核自己编制的公示', { builtBy: row.builtBy });
        }
        const updated = await prisma.assistanceDisclosure.updateMany({
          where: { id: row.id, status: 'draft', builtAt: row.builtAt },
          data: { status: 'reviewed', reviewedBy: actor.username, reviewedAt: new Date() },
        });
        if (updated.count !== 1) throw lostRace(row.id, row.status);
        return disclosureView(await reload(row.id));
      },
    );

    /** The approver publishes: fixed from now on, open to objections for three months (a durable timer). */
    app.post(
      '/assistance/disclosures/:id/publish',
      {
        schema: { tags: ['assistance'], params: idParams, body: z.object({}).strict().optional(), response: { 200: disclosureViewSchema } },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['approver'], '公布医疗救助公示（核准人员）');
        const row = await load(request, request.params.id);
        own(request, row.agency);
        if (row.status !== 'reviewed')
          throw new DomainError('CASE_WRONG_STATE', `公示当前为「${row.status}」，须审核后才能公布`, { status: row.status });
        const publishedOn = shanghaiDate(Date.now());
        const objectionUntil = objectionPeriodEnd(publishedOn);
        await prisma.$transaction(async (tx) => {
          const updated = await tx.assistanceDisclosure.updateMany({
            where: { id: row.id, status: 'reviewed' },
            data: { status: 'published', publishedBy: actor.username, publishedAt: new Date(), publishedOn, objectionUntil },
          });
          if (updated.count !== 1) throw lostRace(row.id, row.status);
          if (row.correctionOf) {
            await tx.assistanceDisclosure.updateMany({
              where: { id: row.correctionOf, status: 'published' },
              data: { status: 'superseded' },
            });
          }
        });
        await ctx.temporal.workflow.start(disclosureObjectionPeriod, {
          workflowId: disclosureWorkflowId(row.id),
          taskQueue: ctx.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ disclosureId: row.id, agency: row.agency, objectionUntil }],
        });
        return disclosureView(await reload(row.id));
      },
    );

    /** An objection received during the objection period (附件2 "如有异议，可向属地医疗保障经办机构反馈"). */
    app.post(
      '/assistance/disclosures/:id/objections',
      {
        schema: {
          tags: ['assistance'],
          params: idParams,
          body: z
            .object({ receivedOn: isoDateSchema, submitter: lineText(100), content: multilineText(2000).pipe(z.string().trim().min(1)) })
            .strict(),
          response: { 201: disclosureViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['window_clerk', 'reviewer'], '登记公示异议');
        const row = await load(request, request.params.id);
        own(request, row.agency);
        const b = request.body;
        if (row.status !== 'published') {
          throw new DomainError('CASE_WRONG_STATE', `公示当前为「${row.status}」，只有公布中的公示可以登记异议`, { status: row.status });
        }
        const today = shanghaiDate(Date.now());
        if (b.receivedOn < row.publishedOn! || b.receivedOn > today) {
          throw new DomainError('VALIDATION_FAILED', `收到日期应在 ${row.publishedOn} 至 ${today} 之间`, { receivedOn: b.receivedOn });
        }
        if (row.objectionClosedAt || b.receivedOn > row.objectionUntil!) {
          throw new DomainError('CASE_CLOSED', `公示期已于 ${row.objectionUntil} 届满，不再受理异议（附件2：公示期三个月）`, {
            objectionUntil: row.objectionUntil,
          });
        }
        await prisma.disclosureObjection.create({
          data: {
            disclosureId: row.id,
            receivedOn: b.receivedOn,
            submitter: b.submitter,
            content: b.content,
            recordedBy: actor.username,
            recordedAt: new Date(),
          },
        });
        return reply.status(201).send(disclosureView(await reload(row.id)));
      },
    );

    app.post(
      '/assistance/disclosures/:id/objections/:objectionId/answer',
      {
        schema: {
          tags: ['assistance'],
          params: idParams.extend({ objectionId: z.string().regex(/^[1-9]\d{0,17}$/) }),
          body: z.object({ answer: multilineText(2000).pipe(z.string().trim().min(1)) }).strict(),
          response: { 200: disclosureViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['reviewer', 'approver'], '答复公示异议（审核或核准人员）');
        const row = await load(request, request.params.id);
        own(request, row.agency);
        const updated = await prisma.disclosureObjection.updateMany({
          where: { id: BigInt(request.params.objectionId), disclosureId: row.id, answer: null },
          data: { answer: request.body.answer, answeredBy: actor.username, answeredAt: new Date() },
        });
        if (updated.count !== 1) {
          const exists = await prisma.disclosureObjection.findFirst({
            where: { id: BigInt(request.params.objectionId), disclosureId: row.id },
          });
          if (!exists) throw new DomainError('NOT_FOUND', '没有该异议');
          throw new DomainError('STEP_ALREADY_DONE', `该异议已由 ${exists.answeredBy} 答复`, { answeredBy: exists.answeredBy });
        }
        return disclosureView(await reload(row.id));
      },
    );

    const outreachView = (r: Prisma.AssistanceOutreachGetPayload<object>): z.infer<typeof outreachViewSchema> => ({
      ...r,
      claims: r.claims as z.infer<typeof outreachViewSchema>['claims'],
      totalFen: Number(r.totalFen),
      status: r.status as z.infer<typeof outreachViewSchema>['status'],
      noticeId: r.noticeId === null ? null : String(r.noticeId),
      notifiedAt: r.notifiedAt.toISOString(),
    });

    /**
     * 001 §22, the clerks' list: who was told to apply, and whether they have (an assistance claim on
     * the same reimbursement, 001 §13, marks it applied) or declined.
     */
    app.get(
      '/assistance/outreach',
      {
        schema: {
          tags: ['assistance'],
          querystring: z
            .object({
              agency: jurisdictionSchema.optional(),
              year: z.coerce.number().int().min(2000).max(2100).optional(),
              status: z.enum(outreachStatuses).optional(),
            })
            .strict(),
          response: { 200: z.array(outreachViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'assistance_recipient', q.agency);
        const where = { agency: { in: [...scope.jurisdictions] }, ...(q.year ? { year: q.year } : {}) };
        // the applications made since: notified → applied
        for (const row of await prisma.assistanceOutreach.findMany({ where: { ...where, status: 'notified' } })) {
          const ids = (row.claims as { claimId: string }[]).map((c) => c.claimId);
          const applied = await prisma.reimbursementClaim.findFirst({
            where: { kind: 'assistance', basicClaimId: { in: ids } },
            select: { acceptedOn: true, createdBy: true },
          });
          if (applied) {
            await prisma.assistanceOutreach.updateMany({
              where: { id: row.id, status: 'notified' },
              data: { status: 'applied', respondedOn: applied.acceptedOn, respondedBy: applied.createdBy },
            });
          }
        }
        const rows = await prisma.assistanceOutreach.findMany({
          where: { ...where, ...(q.status ? { status: q.status } : {}) },
          orderBy: [{ year: 'desc' }, { id: 'asc' }],
        });
        return rows.map(outreachView);
      },
    );

    /** The person said they will not apply (recorded by the counter, with what they said). */
    app.post(
      '/assistance/outreach/:id/decline',
      {
        schema: {
          tags: ['assistance'],
          params: z.object({ id: z.string().regex(/^[a-z]+:\d{4}:[0-9a-f]{16}$/, '编号格式不正确') }),
          body: z.object({ note: multilineText(500).pipe(z.string().trim().min(1)) }).strict(),
          response: { 200: outreachViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['window_clerk'], '登记救助对象放弃申请');
        const row = await prisma.assistanceOutreach.findUnique({ where: { id: request.params.id } });
        if (!row) throw new DomainError('NOT_FOUND', '没有该年度提醒记录');
        await ctx.visibility.requireReadable(request, 'assistance_recipient', { jurisdiction: row.agency }, row.id);
        own(request, row.agency);
        const updated = await prisma.assistanceOutreach.updateMany({
          where: { id: row.id, status: 'notified' },
          data: { status: 'declined', respondedOn: shanghaiDate(Date.now()), respondedBy: actor.username, note: request.body.note },
        });
        if (updated.count !== 1) throw new DomainError('CASE_WRONG_STATE', `该提醒已为「${row.status}」`, { status: row.status });
        return outreachView(await prisma.assistanceOutreach.findUniqueOrThrow({ where: { id: row.id } }));
      },
    );

    /** 001 §28: an agency's assistance spending of a month, quarter, half-year or year, by account and by recipient type. */
    app.get(
      '/assistance/statistics',
      {
        schema: {
          tags: ['assistance'],
          querystring: z.object({ period: z.string().max(10), agency: jurisdictionSchema.optional(), format }).strict(),
          response: { 200: csvOrJson(assistanceStatisticsSchema) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'ledger', q.agency ?? request.actor!.jurisdiction);
        const agency = scope.jurisdictions[0]!;
        const stats = await assistanceStatistics(prisma, agency, q.period);
        if (q.format === 'json') return stats;
        const rows: string[][] = [
          ['统计期间', stats.label, `${stats.from} 至 ${stats.to}`, ''],
          ['科目', '科目名称', '', '金额（元）'],
          ...stats.byAccount.map((a) => [a.account, a.name, '', formatYuan(a.amountFen)]),
          ...disclosureCsvRows({
            rows: stats.byCategory,
            totalOccasions: stats.totalOccasions,
            totalFen: stats.totalFen,
            ledgerSpendingFen: stats.totalFen,
          }),
        ];
        return sendCsv(
          reply,
          `assistance-statistics-${agency}-${q.period}`,
          `医疗救助统计-${jurisdictionNames[agency]}-${q.period}`,
          toCsv(rows),
        );
      },
    );
  };
