/**
 * Manual reimbursement claims (零星报销, 000 §23–§25; 001 §13–§15; items 27, 28, 35): acceptance at the
 * counter of the insured place (lines refused one by one for the 3-year limit, 000 §24 or a duplicate
 * invoice), the queue, the claim page (bank account masked outside finance) and the decisions.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { showsFullBankAccount, showsFullIdNumber } from '../../domain/access-policy';
import { shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import { pageSchema, pageSizeSchema } from '../../domain/primitives';
import {
  type ClaimAdmission,
  type ClaimState,
  type LinkedBasicClaim,
  assistanceFactsOf,
  checkBasicLines,
  claimActionRequestSchema,
  claimId,
  claimItemCode,
  claimKindNames,
  claimKinds,
  claimStatusNames,
  claimStepNames,
  intakeLines,
  maskAccountNumber,
  openClaim,
} from '../../domain/reimbursement';
import { type CreateClaimRequest, createClaimRequestSchema, oneStopInvoicesRequestSchema } from '../../domain/reimbursement-requests';
import { type VerificationStatus, verificationStatusNames } from '../../domain/inpatient-verification';
import { missingClaimMaterials, missingMaterialsMessage } from '../../domain/reimbursement-materials';
import { ONE_STOP_HOLDER, type RegisteredFiling, checkDuplicateInvoices, invoiceKey } from '../../domain/reimbursement-rules';
import { afterDueKey, cursorSchema, decodeDueKey, encodeDueKey, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import type { Prisma } from '../../generated/prisma/client';
import { loadCalendar } from '../../store/calendar';
import { identitiesOf } from '../../store/assistance-recipients';
import { claimActUpdate, claimOpenedUpdate, reimbursementClaim } from '../../workflows/reimbursement-claim';
import type { RouteContext } from '../app';
import { claimForm, claimFormTitles, claimForms } from '../../documents/reimbursement-forms';
import { FontMissingError } from '../../documents/font';
import { renderPdf } from '../../documents/pdf';
import { displayNames } from '../history';
import { pdfResponse, sendPdf } from './case-documents';
import {
  claimDetailSchema,
  claimPageSchema,
  claimViewSchema,
  type lineViewSchema,
  oneStopInvoicesViewSchema,
} from '../../domain/views/reimbursement';
import { closedRecord, sendDecision, awaitOpening } from '../decisions';
import { auditHistory } from '../history';
import { idempotent } from '../idempotency';
import { personKeyOf, recordPerson } from '../../store/persons';

type ClaimRow = Prisma.ReimbursementClaimGetPayload<object>;

export { createClaimRequestSchema, type CreateClaimRequest };

export function claimView(row: ClaimRow, opts: { maskedId: boolean; maskedAccount: boolean }): z.infer<typeof claimViewSchema> {
  const s = row.state as unknown as ClaimState;
  return {
    id: row.id,
    claimNo: row.claimNo,
    kind: s.kind,
    kindName: claimKindNames[s.kind],
    itemCode: claimItemCode[s.kind],
    status: row.status,
    statusName: claimStatusNames[s.status],
    pendingStep: s.pendingStep,
    pendingStepName: s.pendingStep ? claimStepNames[s.pendingStep] : null,
    jurisdiction: row.jurisdiction,
    person: { name: row.personName, idNumber: opts.maskedId ? maskIdNumber(row.idNumber) : row.idNumber },
    acceptedOn: row.acceptedOn,
    dueDate: row.dueDate,
    breached: row.breachedAt !== null,
    claimedFen: Number(row.claimedFen),
    decidedFen: row.decidedFen === null ? null : Number(row.decidedFen),
    paidFen: row.paidFen === null ? null : Number(row.paidFen),
    entryId: row.entryId === null ? null : String(row.entryId),
    basicClaimId: row.basicClaimId,
    lines: s.lines as z.infer<typeof lineViewSchema>[],
    account: {
      ...s.account,
      number: opts.maskedAccount ? maskAccountNumber(s.account.number) : s.account.number,
      masked: opts.maskedAccount,
    },
    documents: s.documents,
    admission: s.admission,
    assistance: s.assistance as unknown as Record<string, unknown> | null,
    signatures: s.signatures.map((x) => ({ ...x, stepName: claimStepNames[x.step] })),
    rejection: s.rejection,
    version: row.version,
  };
}

const claimParams = z.object({ id: z.string().regex(/^reimbursement:[0-9a-f]{16}:[A-Za-z0-9-]{1,40}$/, '报销申请编号格式不正确') });

export const reimbursementRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    async function visibleClaim(request: Parameters<RouteContext['logDenied']>[0], id: string) {
      const row = await prisma.reimbursementClaim.findUnique({ where: { id } });
      if (!row) throw new DomainError('CLAIM_NOT_FOUND', `没有编号为 ${id} 的零星报销申请`);
      const ref = { jurisdiction: row.jurisdiction };
      await ctx.visibility.requireReadable(request, 'reimbursement_claim', ref, id);
      const actor = request.actor!;
      return {
        row,
        maskedId: !showsFullIdNumber(actor, 'reimbursement_claim', ref, 'detail'),
        maskedAccount: !showsFullBankAccount(actor, 'reimbursement_claim', ref, 'detail'),
      };
    }

    /** The remote-care register's filings named by 000 §24 grounds 1 and 2 (the register's answer where it holds them). */
    async function registeredFilings(personKey: string, lines: CreateClaimRequest['lines']) {
      const numbers = [
        ...new Set(
          lines.flatMap((l) =>
            l.outpatientGround && l.outpatientGround.ground !== 'platform_outage' ? [l.outpatientGround.filingNo] : [],
          ),
        ),
      ];
      const rows = numbers.length ? await prisma.remoteCareFiling.findMany({ where: { personKey, filingNo: { in: numbers } } }) : [];
      return new Map<string, RegisteredFiling | null>(
        numbers.map((n) => {
          const r = rows.find((x) => x.filingNo === n);
          return [n, r ? { filingNo: r.filingNo, type: r.type, status: r.status, validFrom: r.validFrom, validUntil: r.validUntil } : null];
        }),
      );
    }

    async function heldInvoices(scheme: string, lines: { institutionCode: string; invoiceNo: string }[], mine: string) {
      const rows = lines.length
        ? await prisma.reimbursementInvoice.findMany({
            where: { scheme, OR: lines.map((l) => ({ institutionCode: l.institutionCode, invoiceNo: l.invoiceNo })) },
          })
        : [];
      return new Map(rows.filter((r) => r.claimId !== mine).map((r) => [invoiceKey(r), r.claimId]));
    }

    /** 000 §4–§5: the record payment reads (activities/reimbursement.ts verificationStanding): the one named, else the same admission's. */
    async function admissionVerification(personKey: string, a: ClaimAdmission) {
      const v = a.verificationId
        ? await prisma.inpatientVerification.findUnique({ where: { id: a.verificationId } })
        : await prisma.inpatientVerification.findFirst({
            where: { personKey, institutionCode: a.institutionCode, admittedOn: a.admittedOn },
            orderBy: { updatedAt: 'desc' },
          });
      if (!v) return null;
      const injury = (v.record as { injury?: { registrationFormNo?: string } } | null)?.injury;
      return {
        id: v.id,
        status: v.status,
        statusName: verificationStatusNames[v.status as VerificationStatus] ?? v.status,
        injury: v.injury,
        injuryRegistered: v.injuryRegistered,
        registrationFormNo: injury?.registrationFormNo ?? null,
        paymentLocked: v.paymentLocked,
        jurisdiction: v.jurisdiction,
        verifiedBy: v.verifiedBy,
        verifiedOn: v.verifiedOn,
      };
    }

    async function linkedBasic(id: string | undefined): Promise<LinkedBasicClaim | null> {
      if (!id) return null;
      const row = await prisma.reimbursementClaim.findUnique({ where: { id } });
      if (!row) return null;
      const s = row.state as unknown as ClaimState;
      return {
        claimId: s.claimId,
        personKey: s.personKey,
        kind: s.kind,
        status: s.status,
        payment: s.payment,
        lines: s.lines,
        admission: s.admission,
      };
    }

    app.post(
      '/reimbursement/claims',
      {
        schema: {
          tags: ['reimbursement'],
          body: createClaimRequestSchema,
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          response: { 200: claimViewSchema, 201: claimViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['window_clerk'], '受理零星报销申请（参保地经办机构窗口）');
        const body = request.body;
        return idempotent(prisma, request, reply, actor, async () => {
          const personKey = personKeyOf(body.person.idNumber);
          const id = claimId(personKey, body.claimNo);
          const existing = await prisma.reimbursementClaim.findUnique({ where: { id } });
          if (existing) {
            const seen = await visibleClaim(request, id);
            return { status: 200, body: claimView(seen.row, seen) };
          }
          const taken = await prisma.reimbursementClaim.findFirst({
            where: { claimNo: body.claimNo },
            select: { id: true, idNumber: true },
          });
          if (taken) {
            throw new DomainError('APPLICATION_NO_TAKEN', `申请编号 ${body.claimNo} 已用于另一参保人（${maskIdNumber(taken.idNumber)}）`, {
              claimId: taken.id,
            });
          }
          const wrongLines = checkBasicLines(body.kind, body.lines, body.admission);
          if (wrongLines) throw wrongLines;
          // 004 items 27, 28, 35 办理材料 (000 §25, 001 §14): the counter accepts a complete application only
          const missing = missingClaimMaterials(
            {
              kind: body.kind,
              injury: body.admission?.injury ?? false,
              thirdParty: body.lines.some((l) => l.thirdParty),
              child: body.assistance?.recipientCategory === 'child_leukaemia_chd',
              onBasicClaim: body.assistance?.insuredStatus === 'insured_here',
            },
            body.documents,
          );
          if (missing.length) {
            throw new DomainError('DOCUMENTS_MISSING', missingMaterialsMessage(missing), {
              field: 'documents',
              missing: missing.map((l) => ({ key: l.key, anyOf: l.anyOf, article: l.article })),
            });
          }
          const admission: ClaimAdmission | null = body.admission
            ? { ...body.admission, verificationId: body.admission.verificationId ?? null }
            : null;
          if (admission) {
            // the record named, else the same admission's (as 拨付 reads it): a work injury is redirected either way
            const v = admission.verificationId
              ? await prisma.inpatientVerification.findUnique({ where: { id: admission.verificationId } })
              : await prisma.inpatientVerification.findFirst({
                  where: { personKey, institutionCode: admission.institutionCode, admittedOn: admission.admittedOn },
                  orderBy: { updatedAt: 'desc' },
                });
            if (admission.verificationId && (!v || v.personKey !== personKey)) {
              throw new DomainError('VERIFICATION_NOT_FOUND', `没有该参保人编号为 ${admission.verificationId} 的住院核查记录`);
            }
            if (v?.status === 'redirected_work_injury') {
              throw new DomainError('WORK_INJURY_REDIRECT', '该次住院已认定或申请认定为工伤，请按工伤保险规定办理（000 §4(二)）', {
                verificationId: v.id,
                article: '000 §4',
              });
            }
          }
          const today = shanghaiDate(Date.now());
          const year = Number(today.slice(0, 4));
          const scheme = body.kind === 'assistance' ? 'assistance' : 'basic';
          const basic = body.kind === 'assistance' ? await linkedBasic(body.assistance?.basicClaimId) : null;
          const fromBasic = body.kind === 'assistance' && body.assistance?.insuredStatus === 'insured_here';
          if (body.kind === 'assistance' && !body.assistance) {
            throw new DomainError('VALIDATION_FAILED', '医疗救助零星报销须填写申请表（附件1）的救助信息', { field: 'assistance' });
          }
          if (body.kind !== 'assistance' && body.assistance) {
            throw new DomainError('VALIDATION_FAILED', '基本医疗保险报销没有救助信息', { field: 'assistance' });
          }
          if (fromBasic && body.lines.length) {
            throw new DomainError('VALIDATION_FAILED', '本地参保的救助申请按已拨付的基本医保报销的费用办理，不另填费用', {
              field: 'lines',
            });
          }
          if (!fromBasic && !body.lines.length) throw new DomainError('VALIDATION_FAILED', '至少填写一张发票', { field: 'lines' });

          const calendar = await loadCalendar(prisma, [year - 4, year - 3, year - 2, year - 1, year]);
          let lines = intakeLines(body.lines, {
            appliedOn: today,
            calendar,
            filings: await registeredFilings(personKey, body.lines),
            heldInvoices: new Map(),
          });
          let claimAdmission = admission;
          let assistance = null;
          if (body.kind === 'assistance') {
            const joined = assistanceFactsOf({
              request: body.assistance!,
              personKey,
              idNumber: body.person.idNumber,
              agency: actor.jurisdiction,
              accountKind: body.account.kind,
              lines,
              admission,
              basic,
              registered: await identitiesOf(prisma, personKey, [actor.jurisdiction]),
            });
            lines = joined.lines;
            claimAdmission = joined.admission;
            assistance = joined.facts;
          }
          // Claimed in the database first: of two concurrent claims of one invoice, one holds it (the other's line is refused).
          const candidates = lines.filter((l) => !l.refusal);
          await prisma.reimbursementInvoice.createMany({
            data: candidates.map((l) => ({
              scheme,
              institutionCode: l.institutionCode,
              invoiceNo: l.invoiceNo,
              claimId: id,
              lineNo: l.lineNo,
              claimedAt: new Date(),
            })),
            skipDuplicates: true,
          });
          const held = await heldInvoices(scheme, candidates, id);
          if (held.size) {
            const lost = checkDuplicateInvoices(candidates, held);
            lines = lines.map((l) => {
              const refusal = lost.get(l.lineNo);
              return refusal ? { ...l, refusal, payableFen: 0, reductionReason: refusal.message } : l;
            });
          }
          if (!lines.some((l) => !l.refusal)) {
            await prisma.reimbursementInvoice.deleteMany({ where: { claimId: id } });
            throw new DomainError('NO_ADMISSIBLE_LINE', `没有可受理的费用：${lines.map((l) => l.refusal!.message).join('；')}`, {
              lines: lines.map((l) => ({ lineNo: l.lineNo, ...l.refusal! })),
            });
          }
          const state = openClaim({
            claimNo: body.claimNo,
            kind: body.kind,
            personKey,
            // the workflow's input and history carry the person key, not the ID number (001 §26; issue 13 §11)
            person: { name: body.person.name },
            jurisdiction: actor.jurisdiction,
            lines,
            account: body.account,
            documents: body.documents,
            admission: claimAdmission,
            assistance,
            createdBy: actor,
            acceptedOn: today,
            at: new Date().toISOString(),
          });
          await recordPerson(prisma, body.person.idNumber);
          const handle = await temporal.workflow.start(reimbursementClaim, {
            workflowId: id,
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            args: [{ state }],
          });
          await awaitOpening(handle, claimOpenedUpdate);
          const row = await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id } });
          return { status: 201, body: claimView(row, { maskedId: false, maskedAccount: true }) };
        });
      },
    );

    /** The queue: open claims of the actor's agency, oldest deadline first (ID numbers and accounts masked). */
    app.get(
      '/reimbursement/claims',
      {
        schema: {
          tags: ['reimbursement'],
          querystring: z
            .object({
              status: z.enum(['open', 'completed', 'rejected']).optional(),
              pendingStep: z.enum(['review', 'first_review', 'second_review', 'approve', 'disburse', 'complete']).optional(),
              kind: z.enum(claimKinds).optional(),
              county: jurisdictionSchema.optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
              cursor: cursorSchema,
            })
            .strict(),
          response: { 200: claimPageSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'reimbursement_claim', q.county);
        const where: Prisma.ReimbursementClaimWhereInput = {
          jurisdiction: { in: [...scope.jurisdictions] },
          ...(q.status ? { status: q.status } : {}),
          ...(q.pendingStep ? { pendingStep: q.pendingStep } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
        };
        refuseCursorWithPage(q);
        // keyset (issue 18): the claims after the last one of the page before, earliest deadline first
        const after = q.cursor ? decodeDueKey(q.cursor, /^reimbursement:.+$/) : null;
        const pageWhere: Prisma.ReimbursementClaimWhereInput = after
          ? { AND: [where, afterDueKey<Prisma.ReimbursementClaimWhereInput>(after, 'dueDate', 'acceptedOn')] }
          : where;
        const [total, rows] = await Promise.all([
          prisma.reimbursementClaim.count({ where }),
          prisma.reimbursementClaim.findMany({
            where: pageWhere,
            orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { acceptedOn: 'asc' }, { id: 'asc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
        ]);
        return keysetAnswer(
          rows,
          q,
          total,
          (r) => claimView(r, { maskedId: true, maskedAccount: true }),
          (last) => encodeDueKey({ due: last.dueDate, on: last.acceptedOn, id: last.id }),
        );
      },
    );

    app.get(
      '/reimbursement/claims/:id',
      { schema: { tags: ['reimbursement'], params: claimParams, response: { 200: claimDetailSchema } } },
      async (request) => {
        const seen = await visibleClaim(request, request.params.id);
        const history = await auditHistory(prisma, seen.row.id);
        const s = seen.row.state as unknown as ClaimState;
        return {
          ...claimView(seen.row, seen),
          history: history as unknown as Record<string, unknown>[],
          ...(s.admission ? { verification: await admissionVerification(s.personKey, s.admission) } : {}),
        };
      },
    );

    /** 附件1 (assistance) and the decision, for whoever may read the claim. */
    app.get(
      '/reimbursement/claims/:id/documents/:form',
      {
        schema: {
          tags: ['reimbursement'],
          params: claimParams.extend({
            form: z.enum(claimForms.map((f) => `${f}.pdf`) as [string, ...string[]], { message: '没有这种文书' }),
          }),
          response: { 200: pdfResponse },
        },
      },
      async (request, reply) => {
        const { row } = await visibleClaim(request, request.params.id);
        const form = request.params.form.replace(/\.pdf$/, '') as (typeof claimForms)[number];
        // the ID number from the read model: the state of a claim carries the person key only (store/persons.ts)
        const s = { ...(row.state as unknown as ClaimState), person: { name: row.personName, idNumber: row.idNumber } };
        const names = await displayNames(
          prisma,
          s.signatures.map((x) => x.username),
        );
        const pdf = await renderPdf(claimForm(form, s, Object.fromEntries(names), shanghaiDate(Date.now()))).catch((e: unknown) => {
          if (e instanceof FontMissingError)
            throw new DomainError('SERVICE_UNAVAILABLE', '服务器缺少打印文书所需的中文字体，请联系系统管理员', { form });
          throw e;
        });
        return sendPdf(reply, `${form}-${row.claimNo}`, `${claimFormTitles[form]}-${row.claimNo}`, pdf);
      },
    );

    app.post(
      '/reimbursement/one-stop-invoices',
      {
        schema: {
          tags: ['reimbursement'],
          body: oneStopInvoicesRequestSchema,
          response: { 200: oneStopInvoicesViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['institution'], '报送直接结算发票（仅定点医疗机构）');
        const institutionCode = actor.institutionCode!;
        const rows = request.body.invoices.flatMap((inv) =>
          (inv.assistance ? (['basic', 'assistance'] as const) : (['basic'] as const)).map((scheme) => ({
            scheme,
            institutionCode,
            invoiceNo: inv.invoiceNo,
            claimId: `${ONE_STOP_HOLDER}${institutionCode}:${inv.settledOn}`,
            lineNo: 0,
            claimedAt: new Date(),
          })),
        );
        // Held in the same table as claimed invoices: its key makes a claim and a settlement of one invoice exclusive.
        const { count } = await prisma.reimbursementInvoice.createMany({ data: rows, skipDuplicates: true });
        const held = await prisma.reimbursementInvoice.findMany({
          where: { institutionCode, OR: rows.map((r) => ({ scheme: r.scheme, invoiceNo: r.invoiceNo })) },
        });
        const claimedByHand = held
          .filter((h) => !h.claimId.startsWith(ONE_STOP_HOLDER))
          .map((h) => ({ invoiceNo: h.invoiceNo, scheme: h.scheme as 'basic' | 'assistance', claimId: h.claimId }));
        if (claimedByHand.length) request.log.warn({ institutionCode, claimedByHand }, 'settled invoices already claimed by hand');
        return { newlyHeld: count, claimedByHand };
      },
    );

    app.post(
      '/reimbursement/claims/:id/actions',
      {
        schema: { tags: ['reimbursement'], params: claimParams, body: claimActionRequestSchema, response: { 200: claimViewSchema } },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          const seen = await visibleClaim(request, id);
          await sendDecision({
            ctx,
            temporal,
            request,
            workflowId: id,
            caseJurisdiction: seen.row.jurisdiction,
            recordedVersion: seen.row.version,
            update: claimActUpdate,
            command: request.body,
            closedError: async () => closedRecord('报销申请', claimStatusNames, seen.row.status),
          });
          const row = await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id } });
          return { status: 200, body: claimView(row, seen) };
        });
      },
    );
  };
