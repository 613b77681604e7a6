/**
 * Fund requests: finance staff trigger the annual prepayment (预付款, 001 §20) or the month's
 * turnover fund (周转金, 001 §21) for their agency, adjust and submit it; the finance department
 * approves (posting the transfer) or returns it. One request per agency and period.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import {
  fundActionRequestSchema,
  fundRequestId,
  fundRequestKinds,
  fundRequestStatusNames,
  fundRequestStatuses,
  type CalculationLine,
  type FundRequestKind,
  type FundRequestStatus,
} from '../../domain/fund-request';
import { monthSchema, pageSchema, pageSizeSchema, yearSchema } from '../../domain/primitives';
import { jurisdictionSchema } from '../../domain/people';
import type { Prisma } from '../../generated/prisma/client';
import { fundActUpdate, fundOpenedUpdate, fundRequest } from '../../workflows/fund-request';
import type { RouteContext } from '../app';
import { sendDecision, awaitOpening } from '../decisions';
import { auditHistory } from '../history';
import { idempotent } from '../idempotency';
import { cursorSchema, decodeKeyset, encodeKeyset, keysetPageOf, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import { fundDetailSchema, fundViewSchema } from '../../domain/views/fund-request';

type FundRow = Prisma.FundRequestGetPayload<object>;

/** What the finance officer and the finance department are told before submitting or approving. */
function fundWarnings(row: FundRow): { code: 'ZERO_AMOUNT'; message: string }[] {
  if (row.status === 'approved' || Number(row.amountFen) !== 0) return [];
  return [{ code: 'ZERO_AMOUNT', message: '申请金额为 0.00 元：提交或审批前请核实测算依据（上年支出或上月支出为零、结转资金足以覆盖）' }];
}

export function fundView(row: FundRow): z.input<typeof fundViewSchema> {
  return {
    id: row.id,
    kind: row.kind as FundRequestKind,
    agency: row.agency,
    period: row.period,
    status: row.status as FundRequestStatus,
    statusName: fundRequestStatusNames[row.status as keyof typeof fundRequestStatusNames],
    basisFen: Number(row.basisFen),
    carryoverFen: Number(row.carryoverFen),
    proposedFen: Number(row.proposedFen),
    amountFen: Number(row.amountFen),
    calculation: row.calculation as unknown as CalculationLine[],
    adjustReason: row.adjustReason,
    dueDate: row.dueDate,
    submittedOn: row.submittedOn,
    late: row.late,
    decidedBy: row.decidedBy,
    returnReason: row.returnReason,
    entryId: row.entryId === null ? null : String(row.entryId),
    remindedAt: row.remindedAt?.toISOString() ?? null,
    breachedAt: row.breachedAt?.toISOString() ?? null,
    version: row.version,
    warnings: fundWarnings(row),
  };
}

const triggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('turnover'), period: monthSchema }).strict(),
  z.object({ kind: z.literal('prepayment'), period: yearSchema }).strict(),
]);
const requestParams = z.object({
  id: z.string().regex(/^fund-request:(prepayment|turnover):[a-z]+:\d{4}(-\d{2})?$/, '资金申请编号格式不正确'),
});

export const fundRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    async function visibleRequest(request: Parameters<RouteContext['logDenied']>[0], id: string) {
      const row = await prisma.fundRequest.findUnique({ where: { id } });
      if (!row) throw new DomainError('REQUEST_NOT_FOUND', `没有编号为 ${id} 的资金申请`);
      await ctx.visibility.requireReadable(request, 'fund_request', { jurisdiction: row.agency }, id);
      return row;
    }

    app.post(
      '/fund/requests',
      { schema: { tags: ['fund'], body: triggerSchema, response: { 200: fundViewSchema, 201: fundViewSchema } } },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['finance'], '发起资金申请（仅经办机构财务人员）');
        return idempotent(prisma, request, reply, actor, async () => {
          const { kind, period } = request.body;
          const requestId = fundRequestId(kind, actor.jurisdiction, period);
          const existing = await prisma.fundRequest.findUnique({ where: { id: requestId } });
          if (!existing) {
            const handle = await temporal.workflow.start(fundRequest, {
              workflowId: requestId,
              taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [{ requestId, kind, agency: actor.jurisdiction, period, startedBy: actor.username }],
            });
            await awaitOpening(handle, fundOpenedUpdate);
          }
          const row = await prisma.fundRequest.findUniqueOrThrow({ where: { id: requestId } });
          return { status: existing ? 200 : 201, body: fundView(row) };
        });
      },
    );

    app.get(
      '/fund/requests',
      {
        schema: {
          tags: ['fund'],
          querystring: z
            .object({
              kind: z.enum(fundRequestKinds).optional(),
              status: z.enum(fundRequestStatuses).optional(),
              agency: jurisdictionSchema.optional(),
              /** the supervision table's 在办: every request not approved yet */
              open: z.enum(['true']).optional(),
              /** the supervision table's 超期: submitted late or past its due date */
              late: z.enum(['true']).optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
              cursor: cursorSchema,
            })
            .strict(),
          response: { 200: keysetPageOf(fundViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'fund_request', q.agency);
        const where: Prisma.FundRequestWhereInput = {
          agency: { in: [...scope.jurisdictions] },
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.status ? { status: q.status } : {}),
          // the same filters GET /supervision/summary counts with, so its drill-down pages on the server
          ...(q.open ? { AND: [{ status: { not: 'approved' } }] } : {}),
          ...(q.late ? { OR: [{ late: true }, { breachedAt: { not: null } }] } : {}),
        };
        refuseCursorWithPage(q);
        // keyset: the requests after the last one of the page before, in (period desc, kind, id) order
        const after = q.cursor ? decodeKeyset(q.cursor, [/^\d{4}(-\d{2})?$/, /^(prepayment|turnover)$/, /^fund-request:.+$/]) : null;
        const pageWhere: Prisma.FundRequestWhereInput = after
          ? {
              AND: [
                where,
                {
                  OR: [
                    { period: { lt: after[0] } },
                    { period: after[0], kind: { gt: after[1] } },
                    { period: after[0], kind: after[1], id: { gt: after[2] } },
                  ],
                },
              ],
            }
          : where;
        const [total, rows] = await Promise.all([
          prisma.fundRequest.count({ where }),
          prisma.fundRequest.findMany({
            where: pageWhere,
            orderBy: [{ period: 'desc' }, { kind: 'asc' }, { id: 'asc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
        ]);
        return keysetAnswer(rows, q, total, fundView, (last) => encodeKeyset([last.period, last.kind, last.id]));
      },
    );

    app.get(
      '/fund/requests/:id',
      {
        schema: {
          tags: ['fund'],
          params: requestParams,
          response: { 200: fundDetailSchema },
        },
      },
      async (request) => {
        const row = await visibleRequest(request, request.params.id);
        return {
          ...fundView(row),
          history: await auditHistory(prisma, row.id),
        };
      },
    );

    app.post(
      '/fund/requests/:id/actions',
      {
        schema: { tags: ['fund'], params: requestParams, body: fundActionRequestSchema, response: { 200: fundViewSchema } },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          const row = await visibleRequest(request, id);
          await sendDecision({
            ctx,
            temporal,
            request,
            workflowId: id,
            caseJurisdiction: row.agency,
            update: fundActUpdate,
            command: request.body,
            closedError: async () => new DomainError('CASE_CLOSED', '资金申请已批准并拨付，不能再办理', { status: row.status }),
          });
          return { status: 200, body: fundView(await prisma.fundRequest.findUniqueOrThrow({ where: { id } })) };
        });
      },
    );
  };
