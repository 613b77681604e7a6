/**
 * Service cases: create (starts the case's workflow, keyed by item code and application number),
 * list, read with history and deadline, and act (a clerk decision sent as a workflow Update).
 */
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceStep, TimeLimit } from '../../domain/catalogue-data';
import { DomainError } from '../../domain/errors';
import { pageSchema, pageSizeSchema } from '../../domain/primitives';
import { showsFullIdNumber } from '../../domain/access-policy';
import { jurisdictionSchema, maskIdNumber, maskPhone } from '../../domain/people';
import {
  type CaseStatus,
  type Channel,
  type ClerkStep,
  type CreateCaseRequest,
  caseActionRequestSchema,
  caseStatuses,
  checkCounterRefusal,
  createCaseRequestSchema,
  creatorRoles,
  serviceCaseId,
  serviceItemRef,
  statusNames,
} from '../../domain/service-case';
import type { Prisma } from '../../generated/prisma/client';
import { actUpdate, openedUpdate, serviceCase } from '../../workflows/service-case';
import { owningProcess } from '../../domain/processes';
import type { RouteContext } from '../app';
import { sendDecision, closedRecord } from '../decisions';
import { auditHistory, displayNames } from '../history';
import { personKeyOf } from './care';
import { reachesUnloadedYear } from '../../domain/working-days';
import { loadedCalendarYears } from '../../store/calendar';
import { idempotencyKey, idempotent } from '../idempotency';
import { recordPerson } from '../../store/persons';
import { cursorSchema, decodeInstantKeyset, encodeKeyset, keysetPageOf, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import { caseDetailSchema, caseViewSchema } from '../../domain/views/service-case';

type CaseRow = Prisma.ServiceCaseGetPayload<object>;

/** The case as the API shows it. Lists mask ID and phone numbers (`masked`). */
export function caseView(
  row: CaseRow,
  opts: { masked: boolean; now?: number; loadedYears?: ReadonlySet<number> },
): z.input<typeof caseViewSchema> {
  const now = opts.now ?? Date.now();
  return {
    id: row.id,
    itemCode: row.itemCode,
    applicationNo: row.applicationNo,
    jurisdiction: row.jurisdiction,
    channel: row.channel as Channel,
    applicant: {
      name: row.applicantName,
      idNumber: opts.masked ? maskIdNumber(row.applicantIdNumber) : row.applicantIdNumber,
      phone: row.applicantPhone && (opts.masked ? maskPhone(row.applicantPhone) : row.applicantPhone),
    },
    status: row.status as CaseStatus,
    statusName: statusNames[row.status as keyof typeof statusNames],
    pendingStep: row.pendingStep as ClerkStep | null,
    completedSteps: row.completedSteps,
    /** each step with its 经办人 (who took it); display names are added by the case page's reader */
    steps: row.steps as { step: string; by: string; at: string; note?: string }[],
    correction: row.correction as null | {
      step: ClerkStep;
      by: string;
      at: string;
      missingMaterials: string[];
      reason: string | null;
      note: string | null;
      pausedDueDate: string | null;
    },
    assignee: row.assignee,
    createdBy: row.createdBy,
    appliedAt: row.appliedAt.toISOString(),
    acceptedOn: row.acceptedOn,
    deadline: row.dueDate
      ? {
          countedFrom: row.dueFrom,
          workingDays: row.dueWorkingDays,
          dueDate: row.dueDate,
          dueAt: row.dueAt!.toISOString(),
          // as recorded, and again against the years loaded now (a year still missing is never hidden)
          provisional:
            row.dueProvisional ||
            (opts.loadedYears ? reachesUnloadedYear(opts.loadedYears, row.dueFrom ?? row.acceptedOn, row.dueDate) : false),
          overdue: row.status === 'open' && row.dueAt!.getTime() <= now,
          remindedAt: row.remindedAt?.toISOString() ?? null,
          breachedAt: row.breachedAt?.toISOString() ?? null,
        }
      : null,
    closedAt: row.closedAt?.toISOString() ?? null,
    rejection: row.rejectionReason
      ? { reason: row.rejectionReason, returnedMaterials: row.returnedMaterials, note: row.rejectionNote }
      : null,
    disbursedFen: row.disbursedFen === null ? null : Number(row.disbursedFen),
    version: row.version,
  };
}

const caseIdParams = z.object({ id: z.string().regex(/^service-case:\d{12}:[A-Za-z0-9-]{4,40}$/, '案件编号格式不正确') });

const listQuery = z
  .object({
    itemCode: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    status: z.enum(caseStatuses).optional(),
    county: jurisdictionSchema.optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    assignee: z.string().min(1).max(64).optional(),
    /** the supervisor's drill-down: cases whose time limit was breached (the summary's 超期) */
    breached: z.enum(['true']).optional(),
    page: pageSchema,
    pageSize: pageSizeSchema,
    cursor: cursorSchema,
  })
  .strict();

/** Catalogue row → the item shape of domain/catalogue-data. */
function itemFromRow(row: {
  code: string;
  name: string;
  steps: string[];
  timeLimitKind: string;
  timeLimitDays: number | null;
  onlineTimeLimitDays: number | null;
  timeLimitNote: string | null;
}) {
  const timeLimit: TimeLimit =
    row.timeLimitKind === 'workingDays'
      ? { kind: 'workingDays', days: row.timeLimitDays! }
      : row.timeLimitKind === 'immediate'
        ? { kind: 'immediate' }
        : { kind: 'none', note: row.timeLimitNote ?? '' };
  return {
    code: row.code,
    name: row.name,
    steps: row.steps as ServiceStep[],
    timeLimit,
    onlineTimeLimit: row.onlineTimeLimitDays ? { kind: 'workingDays' as const, days: row.onlineTimeLimitDays } : undefined,
  };
}

/** Loads a case the actor may see (domain/access-policy.ts): 404 when absent, 403 (logged) otherwise. */
export async function visibleServiceCase(ctx: RouteContext, request: Parameters<RouteContext['logDenied']>[0], id: string) {
  const row = await ctx.prisma.serviceCase.findUnique({ where: { id } });
  if (!row) throw new DomainError('CASE_NOT_FOUND', `没有编号为 ${id} 的案件`);
  const ref = await ctx.visibility.submittedRecord(request.actor!, row.jurisdiction, row.createdBy);
  await ctx.visibility.requireReadable(request, 'service_case', ref, id);
  const masked = !showsFullIdNumber(request.actor!, 'service_case', ref, 'detail');
  if (!masked) await ctx.visibility.fullIdNumberRead(request, personKeyOf(row.applicantIdNumber));
  return { row, masked };
}

export const caseIdParamsSchema = caseIdParams;

export const caseRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    const visibleCase = (request: Parameters<RouteContext['logDenied']>[0], id: string) => visibleServiceCase(ctx, request, id);

    /** 409 when the number is already claimed for someone else, naming that case with the ID masked. */
    async function refuseNumberOfAnotherPerson(
      applicationNo: string,
      idNumber: string,
      /** the claim as just read (null: none); undefined reads it */
      known?: { applicantIdNumber: string; caseId: string } | null,
    ) {
      const claim = known !== undefined ? known : await prisma.applicationNumber.findUnique({ where: { applicationNo } });
      if (!claim || claim.applicantIdNumber === idNumber) return;
      const row = await prisma.serviceCase.findUnique({ where: { id: claim.caseId } });
      throw applicationNoTaken({
        id: claim.caseId,
        applicationNo,
        applicantIdNumber: claim.applicantIdNumber,
        status: row?.status ?? 'open',
      });
    }

    /**
     * Claims the application number for this applicant and, when the number is (now) theirs, records
     * the person, in one statement: the claim that holds the number is answered (ours just inserted, or
     * the one there before). Empty when a concurrent claim committed after the statement's snapshot;
     * the caller then reads the claim again. The person is recorded only under a claim of theirs, so a
     * refused request stores no ID number (001 §26).
     */
    async function claimNumber(applicationNo: string, idNumber: string, caseId: string, personKey: string) {
      const rows = await prisma.$queryRaw<{ applicantIdNumber: string; caseId: string }[]>`
        WITH inserted AS (
          INSERT INTO "ApplicationNumber" ("applicationNo", "applicantIdNumber", "caseId", "claimedAt")
          VALUES (${applicationNo}, ${idNumber}, ${caseId}, now())
          ON CONFLICT ("applicationNo") DO NOTHING
          RETURNING "applicantIdNumber", "caseId"
        ), holder AS (
          SELECT "applicantIdNumber", "caseId" FROM inserted
          UNION ALL
          SELECT "applicantIdNumber", "caseId" FROM "ApplicationNumber"
          WHERE "applicationNo" = ${applicationNo} AND NOT EXISTS (SELECT 1 FROM inserted)
        ), person AS (
          INSERT INTO "Person" ("personKey", "idNumber")
          SELECT ${personKey}, ${idNumber} WHERE EXISTS (SELECT 1 FROM holder WHERE "applicantIdNumber" = ${idNumber})
          ON CONFLICT DO NOTHING
        )
        SELECT "applicantIdNumber", "caseId" FROM holder`;
      return rows[0] ?? null;
    }

    app.post(
      '/cases',
      {
        schema: {
          tags: ['cases'],
          body: createCaseRequestSchema,
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          response: { 200: caseViewSchema, 201: caseViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, creatorRoles, '创建案件（仅窗口受理人员或定点机构）');
        const body = request.body as CreateCaseRequest;
        if (body.jurisdiction !== actor.jurisdiction) {
          const error = new DomainError('OUT_OF_JURISDICTION', '只能在本人所在的经办辖区创建案件', {
            requested: body.jurisdiction,
            actorJurisdiction: actor.jurisdiction,
          });
          await ctx.logDenied(request, error);
          throw error;
        }
        return idempotent(prisma, request, reply, actor, async () => {
          const caseId = serviceCaseId(body.itemCode, body.applicationNo);
          const log = request.log.child({ workflowId: caseId });
          // Three independent reads at once (one round trip's wait, not three), judged in the order the
          // rules go: another person's number first, then the case already open, then the item.
          const [claim, existing, itemRow] = await Promise.all([
            prisma.applicationNumber.findUnique({ where: { applicationNo: body.applicationNo } }),
            prisma.serviceCase.findUnique({ where: { id: caseId }, select: { id: true } }),
            prisma.catalogueItem.findUnique({ where: { code: body.itemCode } }),
          ]);
          // An application number names one person's application: another person's is refused, never merged.
          await refuseNumberOfAnotherPerson(body.applicationNo, body.applicant.idNumber, claim);
          if (existing) {
            const seen = await visibleCase(request, caseId);
            return { status: 200, body: caseView(seen.row, { masked: seen.masked }) };
          }
          if (!itemRow) throw new DomainError('ITEM_NOT_FOUND', `没有编码为 ${body.itemCode} 的服务事项`);
          // An item with a process of its own (item 26: special-disease certification) is handled there, never as a generic case.
          const owner = owningProcess(body.itemCode);
          if (owner) {
            throw new DomainError(
              'ITEM_HAS_OWN_PROCESS',
              `事项「${itemRow.name}」须通过「${owner.title}」办理（${owner.apiPath}），不能作为一般事项受理`,
              { itemCode: body.itemCode, process: owner.name, path: owner.apiPath },
            );
          }
          const item = serviceItemRef(itemFromRow(itemRow), body.channel);
          if (body.counterRefusal) {
            const refused = checkCounterRefusal(item, body.channel, actor);
            if (refused) throw refused;
          }
          // The workflow names the applicant by their person key: its input and history carry no ID number (001 §26).
          const { idNumber, ...applicant } = body.applicant;
          const personKey = personKeyOf(idNumber);
          // Claimed first, in the database: of two concurrent requests for different people, one opens a case.
          const holder = await claimNumber(body.applicationNo, idNumber, caseId, personKey);
          await refuseNumberOfAnotherPerson(body.applicationNo, idNumber, holder ?? undefined);
          // A claim committed by a concurrent request after our statement began: it was for this person
          // (checked just above), so the person is recorded here rather than by our statement.
          if (!holder) await recordPerson(prisma, idNumber);
          try {
            // One round trip (Temporal's update-with-start, the early-return pattern): the start and the
            // "opened" Update go together, and the answer comes once the opening is recorded.
            const start = new WithStartWorkflowOperation(serviceCase, {
              workflowId: caseId,
              taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
              args: [
                {
                  caseId,
                  applicationNo: body.applicationNo,
                  item,
                  jurisdiction: body.jurisdiction,
                  channel: body.channel,
                  applicant: { ...applicant, personKey },
                  createdBy: actor,
                  ...(body.counterRefusal ? { counterRefusal: body.counterRefusal } : {}),
                },
              ],
            });
            await temporal.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation: start });
          } catch (e) {
            // Closed already (a concurrent request finished it): fall through to the read model.
            if (!(e instanceof WorkflowExecutionAlreadyStartedError) && !(e instanceof WorkflowNotFoundError)) throw e;
          }
          log.info({ itemCode: body.itemCode, actor: actor.username }, 'case created');
          const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id: caseId } });
          // A concurrent request for another person with the same number won the start: refuse ours.
          if (row.applicantIdNumber !== body.applicant.idNumber) throw applicationNoTaken(row);
          return { status: 201, body: caseView(row, { masked: false }) };
        });
      },
    );

    app.get(
      '/cases',
      { schema: { tags: ['cases'], querystring: listQuery, response: { 200: keysetPageOf(caseViewSchema) } } },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'service_case', q.county);
        const now = new Date();
        const where: Prisma.ServiceCaseWhereInput = {
          jurisdiction: { in: [...scope.jurisdictions] },
          ...(scope.institutionCode ? { createdBy: { in: await ctx.visibility.usersOfInstitution(scope.institutionCode) } } : {}),
          ...(q.itemCode ? { itemCode: q.itemCode } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.assignee ? { assignee: q.assignee } : {}),
          ...(q.overdue === true ? { status: 'open', dueAt: { lte: now } } : {}),
          ...(q.overdue === false ? { OR: [{ dueAt: null }, { dueAt: { gt: now } }, { status: { not: 'open' } }] } : {}),
          ...(q.breached ? { breachedAt: { not: null } } : {}),
        };
        refuseCursorWithPage(q);
        // keyset (the supervisor's drill-down walks every case behind a number): newest application first
        const after = q.cursor ? decodeInstantKeyset(q.cursor, /^service-case:.+$/) : null;
        const pageWhere: Prisma.ServiceCaseWhereInput = after
          ? { AND: [where, { OR: [{ appliedAt: { lt: after.at } }, { appliedAt: after.at, id: { gt: after.id } }] }] }
          : where;
        const [total, rows] = await Promise.all([
          prisma.serviceCase.count({ where }),
          prisma.serviceCase.findMany({
            where: pageWhere,
            orderBy: [{ appliedAt: 'desc' }, { id: 'asc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
        ]);
        const loadedYears = await loadedCalendarYears(prisma);
        return keysetAnswer(
          rows,
          q,
          total,
          (r) => caseView(r, { masked: true, now: now.getTime(), loadedYears }),
          (last) => encodeKeyset([last.appliedAt.toISOString(), last.id]),
        );
      },
    );

    app.get('/cases/:id', { schema: { tags: ['cases'], params: caseIdParams, response: { 200: caseDetailSchema } } }, async (request) => {
      const { row, masked } = await visibleCase(request, request.params.id);
      const [history, item] = await Promise.all([
        auditHistory(prisma, row.id),
        prisma.catalogueItem.findUnique({
          where: { code: row.itemCode },
          select: { name: true, steps: true, timeLimitKind: true, timeLimitDays: true, onlineTimeLimitDays: true },
        }),
      ]);
      const view = caseView(row, { masked, loadedYears: await loadedCalendarYears(prisma) });
      const names = await displayNames(prisma, [...view.steps.map((st) => st.by), ...(row.assignee ? [row.assignee] : [])]);
      return {
        ...view,
        steps: view.steps.map((st) => ({ ...st, byName: names.get(st.by) ?? null })),
        assigneeName: row.assignee ? (names.get(row.assignee) ?? null) : null,
        item,
        history,
      };
    });

    app.post(
      '/cases/:id/actions',
      {
        schema: {
          tags: ['cases'],
          params: caseIdParams,
          body: caseActionRequestSchema,
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          response: { 200: caseViewSchema },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          // The task's claim is read while the case is (issue 18's check, one round trip fewer in series);
          // it is judged, as before, only once the case is known to be readable and in the actor's office.
          const claim = prisma.taskClaim.findUnique({ where: { recordId: id }, select: { assignee: true, stage: true } });
          claim.catch(() => undefined); // started now; awaited (and its failure seen) only if the case is readable
          const { row, masked } = await visibleCase(request, id);
          // With a key, a closed case may be closed by this very request (applied just before a crash,
          // its answer lost): the Update, whose ID is the key, then returns its recorded outcome.
          if (row.status !== 'open' && row.jurisdiction === request.actor!.jurisdiction && !idempotencyKey(request)) throw closedError(row);
          await sendDecision({
            ctx,
            temporal,
            request,
            workflowId: id,
            caseJurisdiction: row.jurisdiction,
            recordedVersion: row.version,
            update: actUpdate,
            command: request.body,
            closedError: async () => closedError(await prisma.serviceCase.findUniqueOrThrow({ where: { id } })),
            claim,
          });
          return { status: 200, body: caseView(await prisma.serviceCase.findUniqueOrThrow({ where: { id } }), { masked }) };
        });
      },
    );
  };

/** 409 naming the case that already holds the application number, with the applicant masked. */
function applicationNoTaken(row: Pick<CaseRow, 'id' | 'applicationNo' | 'applicantIdNumber' | 'status'>): DomainError {
  const idNumber = maskIdNumber(row.applicantIdNumber);
  return new DomainError(
    'APPLICATION_NO_TAKEN',
    `申请编号 ${row.applicationNo} 已用于另一申请人的案件 ${row.id}（申请人身份证号 ${idNumber}），请核对申请编号`,
    { existingCaseId: row.id, applicationNo: row.applicationNo, existingApplicantIdNumber: idNumber, existingStatus: row.status },
  );
}

function closedError(row: CaseRow): DomainError {
  return closedRecord('案件', statusNames, row.status, { closedAt: row.closedAt?.toISOString() ?? null });
}
