/**
 * Medical-assistance recipients (医疗救助对象, 001 §5–§11; issue 16): the departments' pushes one by
 * one and as a CSV file, a recipient's page (its reads logged, 001 §26), the list of an agency's
 * recipients, and the settlement side's questions "is person X a recipient on date D, in which
 * category, and why" and "under which identity is this stay assisted" (001 §11). The ID number
 * travels in bodies only, never in a URL.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import type { PushOutcome } from '../../store/assistance-recipients';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  benefitPeriod,
  identityPushSchema,
  pushingDepartmentNames,
  recipientCategories,
  recipientCategoryNames,
  recipientKindNames,
  type PushingDepartment,
  type RecipientCategory,
  type RecipientKind,
} from '../../domain/assistance-recipient';
import { isoDateSchema, shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { idNumberSchema } from '../../domain/id-number';
import { type Actor, type Jurisdiction, jurisdictionSchema, maskIdNumber } from '../../domain/people';
import { pageSchema, pageSizeSchema } from '../../domain/primitives';
import { identityHistory, importIdentityFile, pushIdentities, recipientForStayOf, recipientOn } from '../../store/assistance-recipients';
import {
  type EnrolmentStatus,
  type SubsidisedEnrolmentState,
  enrolmentActionRequestSchema,
  enrolmentId,
  enrolmentPathNames,
  enrolmentStatusNames,
  initialEnrolment,
  isSubsidised,
} from '../../domain/subsidised-enrolment';
import type { Prisma } from '../../generated/prisma/client';
import { enrolmentActUpdate, identityChangedUpdate, ledgerRetrySignal, subsidisedEnrolment } from '../../workflows/subsidised-enrolment';
import { recordPerson } from '../../store/persons';
import type { RouteContext } from '../app';
import { closedRecord, sendDecision } from '../decisions';
import { fromUpdateFailure } from '../errors';
import { idempotent } from '../idempotency';
import { pageOf } from '../responses';
import {
  enrolmentViewSchema,
  identityImportResultSchema,
  identityViewSchema,
  paymentLedgerViewSchema,
  pushOutcomeSchema,
  recipientAnswerSchema,
  recipientListItemSchema,
  recipientPageSchema,
} from '../../domain/views/assistance';
import { personKeyOf } from './care';

const pushRoles = ['window_clerk', 'reviewer', 'approver'] as const;
const MAX_CSV_CHARS = 4 * 1024 * 1024;

type IdentityRow = Awaited<ReturnType<typeof identityHistory>>[number];

function identityView(row: Omit<IdentityRow, 'versions'>): z.infer<typeof identityViewSchema> {
  const kind = row.kind as RecipientKind;
  const period = benefitPeriod({ kind, recognizedOn: row.recognizedOn, terminatedOn: row.terminatedOn });
  return {
    identityId: row.id,
    agency: row.agency,
    category: row.category as RecipientCategory,
    categoryName: recipientCategoryNames[row.category as RecipientCategory],
    kind,
    kindName: recipientKindNames[kind],
    recognizedOn: row.recognizedOn,
    terminatedOn: row.terminatedOn,
    department: row.department as PushingDepartment,
    departmentName: pushingDepartmentNames[row.department as PushingDepartment],
    departmentRef: row.departmentRef,
    benefitFrom: period.from,
    benefitTo: period.to,
    article: period.article,
    version: row.version,
    receivedOn: row.receivedOn,
  };
}

const enrolmentParams = z.object({
  id: z.string().regex(/^subsidised-enrolment:[0-9a-f]{16}:[a-z_]+:\d{4}-\d{2}-\d{2}$/, '资助参保编号格式不正确'),
});
type EnrolmentRow = Prisma.SubsidisedEnrolmentGetPayload<object>;

function enrolmentView(row: EnrolmentRow, opts: { fullId: boolean }): z.infer<typeof enrolmentViewSchema> {
  const s = row.record as unknown as SubsidisedEnrolmentState;
  return {
    id: row.id,
    identityId: row.identityId,
    person: { name: row.personName, idNumber: opts.fullId ? row.idNumber : maskIdNumber(row.idNumber) },
    agency: row.agency,
    category: row.category as RecipientCategory,
    categoryName: recipientCategoryNames[row.category as RecipientCategory],
    receivedOn: row.receivedOn,
    status: row.status as EnrolmentStatus,
    statusName: enrolmentStatusNames[s.status],
    path: s.path,
    pathName: s.path ? enrolmentPathNames[s.path] : null,
    check: s.check,
    choice: s.choice,
    suspendedOn: s.suspendedOn,
    employeeRule: s.employeeRule,
    registration: s.registration,
    years: s.years,
    dueDate: row.dueDate,
    breachedAt: row.breachedAt?.toISOString() ?? null,
    version: row.version,
  };
}

function ledgerView(row: Prisma.PaymentLedgerPushGetPayload<object>): z.infer<typeof paymentLedgerViewSchema> {
  return {
    id: String(row.id),
    ledgerKey: row.sourceKey,
    enrolmentId: row.enrolmentId,
    agency: row.agency,
    year: row.year,
    category: row.category as RecipientCategory,
    amountFen: Number(row.amountFen),
    status: row.status as z.infer<typeof paymentLedgerViewSchema>['status'],
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    entryId: row.entryId === null ? null : String(row.entryId),
  };
}

export const assistanceRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    /** The agencies whose recipients the actor may see (001 §26), 403 (logged) when none. */
    const recipientScope = async (request: FastifyRequest, asked?: Jurisdiction) =>
      (await ctx.visibility.listScope(request, 'assistance_recipient', asked)).jurisdictions;

    /** Logs a read of one recipient's data (001 §26): who, role, office, when, which route. */
    const logRead = async (actor: Actor, personKey: string, agencies: Jurisdiction[], route: string) => {
      const at = new Date();
      await prisma.recipientReadLog.createMany({
        data: agencies.map((agency) => ({
          personKey,
          agency,
          username: actor.username,
          role: actor.role,
          jurisdiction: actor.jurisdiction,
          route,
          at,
        })),
      });
    };

    /**
     * 001 §26: a staff member's date or stay question reads the recipient's identities like the
     * page does, so it is logged for each agency whose identities answered it (none: nothing read).
     * Institutions ask for one-stop settlement (001 §9), the exchange §26 allows; not logged here.
     */
    const logStaffQuestion = async (actor: Actor, personKey: string, agencies: readonly Jurisdiction[] | undefined, route: string) => {
      if (agencies === undefined) return;
      const read = await prisma.assistanceIdentity.findMany({
        where: { personKey, agency: { in: [...agencies] } },
        distinct: ['agency'],
        select: { agency: true },
      });
      if (read.length > 0)
        await logRead(
          actor,
          personKey,
          read.map((r) => r.agency),
          route,
        );
    };

    /**
     * 001 §5: a new identity of a subsidised category starts its subsidised enrolment (one workflow
     * per identity, its ID the business key, so a repeat finds the running one). An identity that
     * had already ended when it arrived is history only: nothing to enrol.
     */
    const startEnrolments = async (outcomes: PushOutcome[], actor: Actor): Promise<PushOutcome[]> => {
      const created = outcomes.filter((o) => o.outcome === 'created');
      if (created.length === 0) return outcomes;
      const rows = await prisma.assistanceIdentity.findMany({ where: { id: { in: created.map((o) => o.identityId) } } });
      const started = new Map<string, string>();
      for (const row of rows) {
        const category = row.category as RecipientCategory;
        if (!isSubsidised(category) || (row.terminatedOn !== null && row.terminatedOn < row.receivedOn)) continue;
        // the workflow carries the person key; the number stays in the person register (001 §26)
        await recordPerson(prisma, row.idNumber);
        const state = initialEnrolment({
          identityId: row.id,
          personKey: row.personKey,
          person: { name: row.personName },
          agency: row.agency,
          category,
          kind: row.kind as RecipientKind,
          recognizedOn: row.recognizedOn,
          terminatedOn: row.terminatedOn,
          receivedOn: row.receivedOn,
          createdBy: actor,
        });
        await ctx.temporal.workflow.start(subsidisedEnrolment, {
          workflowId: state.enrolmentId,
          taskQueue: ctx.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ state }],
        });
        started.set(row.id, state.enrolmentId);
      }
      return outcomes.map((o) => (started.has(o.identityId) ? { ...o, enrolmentId: started.get(o.identityId)! } : o));
    };

    /**
     * 001 §5–§6: a later push of an identity reaches its running enrolment (the Update
     * `identityChanged`, validated and recorded there). Every push is compared with the version the
     * enrolment last took, so a push repeated after Temporal was unreachable delivers what was missed;
     * the version is the update's ID, so a change is taken once. A closed enrolment (or one of a run
     * started before this version) keeps the change in the identity history only.
     */
    const tellEnrolments = async (request: FastifyRequest, outcomes: PushOutcome[], actor: Actor): Promise<PushOutcome[]> => {
      const pushed = outcomes.filter((o) => o.outcome !== 'created');
      if (pushed.length === 0) return outcomes;
      const ids = pushed.map((o) => o.identityId);
      const [identities, enrolments] = await Promise.all([
        prisma.assistanceIdentity.findMany({ where: { id: { in: ids } } }),
        prisma.subsidisedEnrolment.findMany({
          where: { identityId: { in: ids }, status: { notIn: ['promise_filed', 'employee_rule_recorded', 'ended'] } },
        }),
      ]);
      const byIdentity = new Map(enrolments.map((e) => [e.identityId, e]));
      const told = new Map<string, string>();
      for (const row of identities) {
        const enrolment = byIdentity.get(row.id);
        const taken = (enrolment?.record as unknown as SubsidisedEnrolmentState | undefined)?.identityVersion;
        if (!enrolment || taken === undefined || taken >= row.version) continue;
        const id = enrolmentId(row.id);
        const change = {
          identityId: row.id,
          version: row.version,
          kind: row.kind as RecipientKind,
          terminatedOn: row.terminatedOn,
          receivedOn: row.receivedOn,
          actor,
        };
        try {
          await ctx.temporal.workflow
            .getHandle(id)
            .executeUpdate(identityChangedUpdate, { args: [change], updateId: `${id}:identity:${row.version}` });
          told.set(row.id, id);
        } catch (e) {
          const refused = fromUpdateFailure(e);
          if (!refused && !(e instanceof WorkflowNotFoundError)) throw e;
          request.log.info(
            { enrolmentId: id, version: row.version, code: refused?.code ?? 'WORKFLOW_CLOSED' },
            'identity change not taken by the enrolment',
          );
        }
      }
      return outcomes.map((o) => (told.has(o.identityId) ? { ...o, enrolmentId: told.get(o.identityId)! } : o));
    };

    /** One identity pushed by a department through the agency's interface (001 §4–§5; item 34 note 2). */
    app.post(
      '/assistance/identities',
      {
        schema: {
          tags: ['assistance'],
          body: identityPushSchema,
          response: { 200: pushOutcomeSchema, 201: pushOutcomeSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, pushRoles, '登记医疗救助对象身份（经办机构医疗救助经办人员）');
        return idempotent(prisma, request, reply, actor, async () => {
          const personKey = personKeyOf(request.body.person.idNumber);
          const pushed = await pushIdentities(prisma, actor.jurisdiction, [{ personKey, push: request.body, source: 'api' }], actor);
          const [outcome] = await tellEnrolments(request, await startEnrolments(pushed, actor), actor);
          return { status: outcome!.outcome === 'created' ? 201 : 200, body: outcome! };
        });
      },
    );

    /** A department's file of identities (CSV), refused whole with row numbers when a row is bad. */
    app.post(
      '/assistance/identities/import',
      {
        bodyLimit: 2 * MAX_CSV_CHARS + 1024,
        schema: {
          tags: ['assistance'],
          body: z
            .object({
              csv: z
                .string()
                .min(1)
                .max(MAX_CSV_CHARS, '文件不能超过4MB')
                .describe(
                  '表头 姓名,身份证号码,救助对象类别,类型,认定日期,终止日期,推送部门,认定文书号（或 name,idNumber,category,kind,recognizedOn,terminatedOn,department,departmentRef）',
                ),
            })
            .strict(),
          response: { 200: identityImportResultSchema, 201: identityImportResultSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, pushRoles, '导入医疗救助对象名单（经办机构医疗救助经办人员）');
        return idempotent(prisma, request, reply, actor, async () => {
          const imported = await importIdentityFile(prisma, actor.jurisdiction, request.body.csv, actor, personKeyOf);
          const result = imported.alreadyImported
            ? imported
            : { ...imported, outcomes: await tellEnrolments(request, await startEnrolments(imported.outcomes, actor), actor) };
          request.log.info(
            { file: result.file, rows: result.rows, created: result.created, changed: result.changed, agency: actor.jurisdiction },
            'assistance identities imported',
          );
          return { status: !result.alreadyImported && result.created + result.changed > 0 ? 201 : 200, body: result };
        });
      },
    );

    /**
     * The settlement side's question (001 §9–§10): is person X a recipient on date D, in which
     * category, and why. Institutions ask for one-stop settlement of anyone; the agency's staff see
     * their own agency's identities only (001 §26).
     */
    app.post(
      '/assistance/recipient-on-date',
      {
        schema: {
          tags: ['assistance'],
          body: z.object({ idNumber: idNumberSchema, date: isoDateSchema }).strict(),
          response: { 200: recipientAnswerSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(
          request,
          ['institution', 'window_clerk', 'reviewer', 'approver', 'finance', 'supervisor'],
          '查询医疗救助对象身份',
        );
        const agencies = actor.role === 'institution' ? undefined : await recipientScope(request);
        const personKey = personKeyOf(request.body.idNumber);
        const answer = await recipientOn(prisma, personKey, request.body.date, { agencies });
        await logStaffQuestion(actor, personKey, agencies, 'POST /assistance/recipient-on-date');
        return answer;
      },
    );

    /** 001 §11: the identity a hospital stay is assisted under (ended, gained or changed during it). */
    app.post(
      '/assistance/recipient-for-stay',
      {
        schema: {
          tags: ['assistance'],
          body: z.object({ idNumber: idNumberSchema, admittedOn: isoDateSchema, dischargedOn: isoDateSchema }).strict(),
          response: { 200: recipientAnswerSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(
          request,
          ['institution', 'window_clerk', 'reviewer', 'approver', 'finance', 'supervisor'],
          '查询医疗救助对象身份',
        );
        const agencies = actor.role === 'institution' ? undefined : await recipientScope(request);
        const b = request.body;
        const personKey = personKeyOf(b.idNumber);
        const answer = await recipientForStayOf(prisma, personKey, b.admittedOn, b.dischargedOn, { agencies });
        await logStaffQuestion(actor, personKey, agencies, 'POST /assistance/recipient-for-stay');
        return answer;
      },
    );

    /** A recipient's page: identities with every version (who pushed what, when); the read is logged (001 §26). */
    app.post(
      '/assistance/recipients/lookup',
      {
        schema: {
          tags: ['assistance'],
          body: z.object({ idNumber: idNumberSchema }).strict(),
          response: { 200: recipientPageSchema },
        },
      },
      async (request) => {
        const actor = request.actor!;
        const agencies = [...(await recipientScope(request))];
        const personKey = personKeyOf(request.body.idNumber);
        const rows = await identityHistory(prisma, personKey, agencies);
        if (rows.length === 0) {
          const elsewhere = await prisma.assistanceIdentity.findFirst({ where: { personKey }, select: { agency: true } });
          if (elsewhere) {
            await ctx.visibility.requireReadable(request, 'assistance_recipient', { jurisdiction: elsewhere.agency }, personKey);
          }
          throw new DomainError('NOT_FOUND', '本经办机构没有该人员的医疗救助对象身份记录');
        }
        await logRead(actor, personKey, [...new Set(rows.map((r) => r.agency))], 'POST /assistance/recipients/lookup');
        const latest = rows[rows.length - 1]!;
        const today = await recipientOn(prisma, personKey, shanghaiDate(Date.now()), { agencies });
        return {
          personKey,
          // the counter clerk who faces the person sees the full number; everyone else masked (001 §26)
          person: { name: latest.personName, idNumber: actor.role === 'window_clerk' ? latest.idNumber : maskIdNumber(latest.idNumber) },
          today,
          identities: rows.map((r) => ({
            ...identityView(r),
            versions: r.versions.map((v) => ({
              version: v.version,
              snapshot: v.snapshot,
              source: v.source,
              receivedOn: v.receivedOn,
              receivedAt: v.receivedAt.toISOString(),
              receivedBy: v.receivedBy,
            })),
          })),
        };
      },
    );

    /** The agency's recipients (ID numbers masked), by category and by the day they are in force. */
    app.get(
      '/assistance/identities',
      {
        schema: {
          tags: ['assistance'],
          querystring: z
            .object({
              agency: jurisdictionSchema.optional(),
              category: z.enum(recipientCategories).optional(),
              inForceOn: isoDateSchema.optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
            })
            .strict(),
          response: { 200: pageOf(recipientListItemSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const agencies = await recipientScope(request, q.agency);
        const where = {
          agency: { in: [...agencies] },
          ...(q.category ? { category: q.category } : {}),
          // the benefit period is computed (001 §10); in force on D needs at least recognised by D + 12 months
          ...(q.inForceOn ? { OR: [{ terminatedOn: null }, { terminatedOn: { gte: q.inForceOn } }] } : {}),
        };
        const rows = await prisma.assistanceIdentity.findMany({ where, orderBy: [{ recognizedOn: 'desc' }, { id: 'asc' }] });
        const views = rows
          .map((r) => ({ ...identityView(r), personKey: r.personKey, person: { name: r.personName, idNumber: maskIdNumber(r.idNumber) } }))
          .filter((v) => !q.inForceOn || (v.benefitFrom <= q.inForceOn && (v.benefitTo === null || q.inForceOn <= v.benefitTo)));
        const start = (q.page - 1) * q.pageSize;
        return { total: views.length, page: q.page, pageSize: q.pageSize, items: views.slice(start, start + q.pageSize) };
      },
    );

    /** The agency's subsidised enrolments (资助参保, item 34), open ones first (001 §5 clock). */
    app.get(
      '/assistance/enrolments',
      {
        schema: {
          tags: ['assistance'],
          querystring: z
            .object({
              agency: jurisdictionSchema.optional(),
              status: z.string().max(40).optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
            })
            .strict(),
          response: { 200: pageOf(enrolmentViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const agencies = await recipientScope(request, q.agency);
        const where = { agency: { in: [...agencies] }, ...(q.status ? { status: q.status } : {}) };
        const [total, rows] = await Promise.all([
          prisma.subsidisedEnrolment.count({ where }),
          prisma.subsidisedEnrolment.findMany({
            where,
            orderBy: [{ dueDate: 'asc' }, { id: 'asc' }],
            skip: (q.page - 1) * q.pageSize,
            take: q.pageSize,
          }),
        ]);
        return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => enrolmentView(r, { fullId: false })) };
      },
    );

    const visibleEnrolment = async (request: FastifyRequest, id: string) => {
      const row = await prisma.subsidisedEnrolment.findUnique({ where: { id } });
      if (!row) throw new DomainError('NOT_FOUND', '没有该资助参保记录', { id });
      await ctx.visibility.requireReadable(request, 'assistance_recipient', { jurisdiction: row.agency }, id);
      await logRead(request.actor!, row.personKey, [row.agency], 'GET /assistance/enrolments/:id');
      return row;
    };

    app.get(
      '/assistance/enrolments/:id',
      { schema: { tags: ['assistance'], params: enrolmentParams, response: { 200: enrolmentViewSchema } } },
      async (request) => {
        const row = await visibleEnrolment(request, request.params.id);
        return enrolmentView(row, { fullId: request.actor!.role === 'window_clerk' });
      },
    );

    /** 001 §5(三)–(四): the clerk records the person's choice, the suspension, or the local rule's outcome. */
    app.post(
      '/assistance/enrolments/:id/actions',
      {
        schema: {
          tags: ['assistance'],
          params: enrolmentParams,
          body: enrolmentActionRequestSchema,
          response: { 200: enrolmentViewSchema },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          const row = await visibleEnrolment(request, id);
          await sendDecision({
            ctx,
            temporal: ctx.temporal,
            request,
            workflowId: id,
            caseJurisdiction: row.agency,
            update: enrolmentActUpdate,
            command: request.body,
            closedError: async () => closedRecord('资助参保', enrolmentStatusNames, row.status),
          });
          const fresh = await prisma.subsidisedEnrolment.findUniqueOrThrow({ where: { id } });
          return { status: 200, body: enrolmentView(fresh, { fullId: request.actor!.role === 'window_clerk' }) };
        });
      },
    );

    /** The payment-ledger outbox (缴费台账 to the collection department, 001 §6) with each ledger's delivery status. */
    app.get(
      '/assistance/payment-ledgers',
      {
        schema: {
          tags: ['assistance'],
          querystring: z
            .object({
              agency: jurisdictionSchema.optional(),
              status: z.enum(['pending', 'sent', 'failed']).optional(),
              enrolmentId: z.string().max(120).optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
            })
            .strict(),
          response: { 200: pageOf(paymentLedgerViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const agencies = await recipientScope(request, q.agency);
        const where = {
          agency: { in: [...agencies] },
          ...(q.status ? { status: q.status } : {}),
          ...(q.enrolmentId ? { enrolmentId: q.enrolmentId } : {}),
        };
        const [total, rows] = await Promise.all([
          prisma.paymentLedgerPush.count({ where }),
          prisma.paymentLedgerPush.findMany({ where, orderBy: { id: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
        ]);
        return { total, page: q.page, pageSize: q.pageSize, items: rows.map(ledgerView) };
      },
    );

    /** A failed ledger pushed again (the enrolment's workflow delivers it; a sent one is never sent twice). */
    app.post(
      '/assistance/payment-ledgers/:id/retry',
      {
        schema: {
          tags: ['assistance'],
          params: z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, '台账号应为数字') }),
          response: { 200: paymentLedgerViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, pushRoles, '重新推送缴费台账');
        const row = await prisma.paymentLedgerPush.findUnique({ where: { id: BigInt(request.params.id) } });
        if (!row) throw new DomainError('NOT_FOUND', '没有该缴费台账', { id: request.params.id });
        await ctx.visibility.requireReadable(request, 'assistance_recipient', { jurisdiction: row.agency }, row.sourceKey);
        if (row.agency !== actor.jurisdiction) throw new DomainError('OUT_OF_JURISDICTION', '只能重新推送本机构的缴费台账');
        if (row.status !== 'failed') {
          throw new DomainError('CASE_WRONG_STATE', `缴费台账当前为「${row.status}」，只有推送失败的可以重新推送`, { status: row.status });
        }
        await prisma.paymentLedgerPush.update({ where: { id: row.id }, data: { status: 'pending' } });
        await ctx.temporal.workflow.getHandle(row.enrolmentId).signal(ledgerRetrySignal, { year: row.year });
        return ledgerView(await prisma.paymentLedgerPush.findUniqueOrThrow({ where: { id: row.id } }));
      },
    );
  };
