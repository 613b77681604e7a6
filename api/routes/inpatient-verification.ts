/**
 * The local agency's verification of an admission (住院核查, 000 §4–§5): recorded once per person,
 * institution and admission day by the agency of the institution's place; the administrative
 * department's decision on a fraud referral is recorded against the version it was taken on (a
 * decision on a record changed meanwhile is refused with 409). Each change writes its audit event
 * in the same transaction. Reimbursement claims read it (an injury admission is not paid without it).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { showsFullIdNumber } from '../../domain/access-policy';
import { shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import {
  createVerificationRequestSchema,
  decideReferral,
  openVerification,
  referralDecisionSchema,
  verificationId,
  verificationStatusNames,
} from '../../domain/inpatient-verification';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import type { Prisma } from '../../generated/prisma/client';
import { appendAuditEvent } from '../../activities/audit';
import type { RouteContext } from '../app';
import { auditHistory } from '../history';
import { idempotent } from '../idempotency';
import { personKeyOf } from './care';

type Row = Prisma.InpatientVerificationGetPayload<object>;

const viewSchema = z.object({
  id: z.string(),
  status: z.string(),
  statusName: z.string(),
  jurisdiction: jurisdictionSchema,
  person: z.object({ name: z.string(), idNumber: z.string() }),
  institutionCode: z.string(),
  admittedOn: z.string(),
  injury: z.boolean(),
  injuryRegistered: z.boolean(),
  paymentLocked: z.boolean(),
  article: z.string(),
  message: z.string(),
  record: z.record(z.string(), z.unknown()),
  verifiedBy: z.string(),
  verifiedOn: z.string(),
  version: z.number().int(),
});
const detailSchema = viewSchema.extend({ history: z.array(z.record(z.string(), z.unknown())) });

function view(row: Row, masked: boolean): z.infer<typeof viewSchema> {
  const record = row.record as Record<string, unknown>;
  return {
    id: row.id,
    status: row.status,
    statusName: verificationStatusNames[row.status as keyof typeof verificationStatusNames] ?? row.status,
    jurisdiction: row.jurisdiction,
    person: { name: row.personName, idNumber: masked ? maskIdNumber(row.idNumber) : row.idNumber },
    institutionCode: row.institutionCode,
    admittedOn: row.admittedOn,
    injury: row.injury,
    injuryRegistered: row.injuryRegistered,
    paymentLocked: row.paymentLocked,
    article: String(record.article ?? ''),
    message: String(record.message ?? ''),
    record,
    verifiedBy: row.verifiedBy,
    verifiedOn: row.verifiedOn,
    version: Number(record.version ?? 1),
  };
}

const summary = (r: { status: string; paymentLocked: boolean; injuryRegistered: boolean }) => ({
  status: r.status,
  paymentLocked: r.paymentLocked,
  injuryRegistered: r.injuryRegistered,
});
const params = z.object({ id: z.string().max(200) });

export const inpatientVerificationRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    // The verification serves the agency's reimbursement work: the same readers as its claims.
    async function visible(request: Parameters<RouteContext['logDenied']>[0], id: string) {
      const row = await prisma.inpatientVerification.findUnique({ where: { id } });
      if (!row) throw new DomainError('VERIFICATION_NOT_FOUND', `没有编号为 ${id} 的住院核查记录`);
      const ref = { jurisdiction: row.jurisdiction };
      await ctx.visibility.requireReadable(request, 'reimbursement_claim', ref, id);
      return { row, masked: !showsFullIdNumber(request.actor!, 'reimbursement_claim', ref, 'detail') };
    }

    app.post(
      '/inpatient/verifications',
      { schema: { tags: ['reimbursement'], body: createVerificationRequestSchema, response: { 200: viewSchema, 201: viewSchema } } },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['window_clerk', 'reviewer'], '住院核查（属地医保经办机构经办人员）');
        const body = request.body;
        return idempotent(prisma, request, reply, actor, async () => {
          const personKey = personKeyOf(body.person.idNumber);
          const id = verificationId(personKey, body.institutionCode, body.admittedOn);
          const existing = await prisma.inpatientVerification.findUnique({ where: { id } });
          if (existing) {
            const seen = await visible(request, id);
            return { status: 200, body: view(seen.row, seen.masked) };
          }
          const outcome = openVerification(body);
          const at = new Date();
          const { person, ...facts } = body;
          const record = { ...facts, article: outcome.article, message: outcome.message, version: 1 };
          const created = await prisma.$transaction(async (tx) => {
            const row = await tx.inpatientVerification.create({
              data: {
                id,
                personKey,
                personName: person.name,
                idNumber: person.idNumber,
                institutionCode: body.institutionCode,
                admittedOn: body.admittedOn,
                jurisdiction: actor.jurisdiction,
                status: outcome.status,
                injury: outcome.injury,
                injuryRegistered: outcome.injuryRegistered,
                paymentLocked: outcome.paymentLocked,
                record: record as unknown as Prisma.InputJsonValue,
                verifiedBy: actor.username,
                verifiedOn: shanghaiDate(at.getTime()),
                updatedAt: at,
              },
            });
            await appendAuditEvent(
              tx,
              id,
              { seq: 1, at: at.toISOString(), actor, action: outcome.status, reason: body.fraudSuspicion?.grounds, before: null },
              summary,
              row,
            );
            return row;
          });
          return { status: 201, body: view(created, false) };
        });
      },
    );

    app.get(
      '/inpatient/verifications/:id',
      { schema: { tags: ['reimbursement'], params, response: { 200: detailSchema } } },
      async (request) => {
        const { row, masked } = await visible(request, request.params.id);
        return { ...view(row, masked), history: (await auditHistory(prisma, row.id)) as unknown as Record<string, unknown>[] };
      },
    );

    /** 000 §5: the administrative department's decision, recorded by the agency's approver. */
    app.post(
      '/inpatient/verifications/:id/referral-decision',
      { schema: { tags: ['reimbursement'], params, body: referralDecisionSchema, response: { 200: viewSchema } } },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['approver'], '登记医保行政部门的处置决定');
        return idempotent(prisma, request, reply, actor, async () => {
          const { row } = await visible(request, request.params.id);
          const record = row.record as Record<string, unknown>;
          const version = Number(record.version ?? 1);
          const next = decideReferral({ status: row.status, version, jurisdiction: row.jurisdiction }, request.body, actor);
          const at = new Date();
          const updated = await prisma.$transaction(async (tx) => {
            const nextRecord = { ...record, referralDecision: { ...request.body, decidedBy: actor.username }, version: version + 1 };
            // Only the version the decision was taken on: a concurrent decision finds nothing to update.
            const changed = await tx.inpatientVerification.updateMany({
              where: { id: row.id, status: 'referred', record: { path: ['version'], equals: version } },
              data: { status: next.status, paymentLocked: next.paymentLocked, record: nextRecord as Prisma.InputJsonValue, updatedAt: at },
            });
            if (changed.count !== 1) throw new DomainError('CASE_WRONG_STATE', '该住院核查已被他人处置，请刷新后再办理', { id: row.id });
            const after = await tx.inpatientVerification.findUniqueOrThrow({ where: { id: row.id } });
            await appendAuditEvent(
              tx,
              row.id,
              { seq: version + 1, at: at.toISOString(), actor, action: next.status, reason: request.body.reason, before: row },
              summary,
              after,
            );
            return after;
          });
          return { status: 200, body: view(updated, true) };
        });
      },
    );
  };
