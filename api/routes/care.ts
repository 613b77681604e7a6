/**
 * Family-bed (家庭病床) and geriatric-ward (老年病区) episodes: applications by institutions, the
 * agency's and expert panel's decisions, closing and settlement; the settlement side's questions
 * "may outpatient care on date D be paid?" (000 §12) and "may this admission be reported?".
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type CareKind,
  type UnmetCriterion,
  admissionRefusal,
  withoutIdNumber,
  careKinds,
  outpatientPayable,
} from '../../domain/care-episode';
import {
  episodeActionRequestSchema,
  episodeKey,
  episodeStatusNames,
  type EpisodeStatus,
  episodeStatuses,
  familyBedRequestSchema,
  geriatricWardRequestSchema,
  type CareApplication,
} from '../../domain/care-process';
import { isoDateSchema, shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { showsFullIdNumber } from '../../domain/access-policy';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import { businessDateSchema, lineText, pageSchema, pageSizeSchema } from '../../domain/primitives';
import { cursorSchema, decodeInstantKeyset, encodeKeyset, keysetPageOf, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import type { Prisma } from '../../generated/prisma/client';
import { careEpisode, episodeActUpdate, episodeOpenedUpdate } from '../../workflows/care-episode';
import type { RouteContext } from '../app';
import { sendDecision, closedRecord, awaitOpening } from '../decisions';
import { auditHistory } from '../history';
import { reachesUnloadedYear } from '../../domain/working-days';
import { loadedCalendarYears } from '../../store/calendar';
import { idempotent } from '../idempotency';
import { episodeDetailSchema, episodeSpanSchema, episodeViewSchema } from '../../domain/views/care-episode';
import { idNumberSchema } from '../../domain/id-number';

/** The person key lives with the person register (store/persons.ts); re-exported for the routes that use it. */
import { personKeyOf, recordPerson } from '../../store/persons';

export { personKeyOf };

type EpisodeRow = Prisma.CareEpisodeGetPayload<object>;

export function episodeView(
  row: EpisodeRow,
  opts: { masked: boolean; loadedYears?: ReadonlySet<number> },
): z.input<typeof episodeViewSchema> {
  return {
    id: row.id,
    kind: row.kind as CareKind,
    applicationNo: row.applicationNo,
    applicationDate: row.applicationDate,
    jurisdiction: row.jurisdiction,
    insuredCounty: row.insuredCounty,
    person: { name: row.personName, idNumber: opts.masked ? maskIdNumber(row.idNumber) : row.idNumber, birthDate: row.birthDate },
    condition: row.condition,
    status: row.status as EpisodeStatus,
    statusName: episodeStatusNames[row.status as keyof typeof episodeStatusNames],
    eligibility: row.eligibility as unknown as UnmetCriterion[],
    panel: { required: row.panelRequired, reasons: row.panelReasons, decision: row.panelDecision },
    transferFrom: row.transferFrom,
    transferTo: row.transferTo,
    deductible: row.deductible,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
    closingGround: row.closingGround,
    closingCertificateNo: row.closingCertificateNo,
    settledAt: row.settledAt?.toISOString() ?? null,
    reviewDeadline: row.reviewDueDate
      ? {
          dueDate: row.reviewDueDate,
          dueAt: row.reviewDueAt!.toISOString(),
          // counted from the application on a year whose calendar is not loaded: Monday–Friday, to be recomputed
          provisional: opts.loadedYears ? reachesUnloadedYear(opts.loadedYears, row.applicationDate, row.reviewDueDate) : false,
          remindedAt: row.reviewRemindedAt?.toISOString() ?? null,
          breachedAt: row.reviewBreachedAt?.toISOString() ?? null,
        }
      : null,
    rejectionReason: row.rejectionReason,
    createdBy: row.createdBy,
    version: row.version,
  };
}

const episodeParams = z.object({
  id: z.string().regex(/^care-episode:(family_bed|geriatric_ward):[0-9a-f]{16}:[A-Za-z0-9-]{4,40}$/, '档案编号格式不正确'),
});
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional() }).passthrough();

export const careRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    /** Loads an episode the actor may see (domain/access-policy.ts): 404 when absent, 403 (logged) otherwise. */
    async function visibleEpisode(request: Parameters<RouteContext['logDenied']>[0], id: string) {
      const row = await prisma.careEpisode.findUnique({ where: { id } });
      if (!row) throw new DomainError('EPISODE_NOT_FOUND', `没有编号为 ${id} 的家庭病床/老年病区档案`);
      const ref = await ctx.visibility.submittedRecord(request.actor!, row.jurisdiction, row.createdBy);
      await ctx.visibility.requireReadable(request, 'care_episode', ref, id);
      const masked = !showsFullIdNumber(request.actor!, 'care_episode', ref, 'detail');
      if (!masked) await ctx.visibility.fullIdNumberRead(request, row.personKey);
      return { row, masked };
    }

    /**
     * 000 §8 (family beds) and §13 (geriatric wards): only an institution designated for it applies,
     * as the register of designated facilities says today (issue 17: loaded by administrators).
     */
    async function requireDesignated(request: Parameters<RouteContext['logDenied']>[0], kind: CareKind): Promise<void> {
      const actor = request.actor!;
      const institution = actor.institutionCode
        ? await prisma.designatedFacility.findUnique({ where: { code: actor.institutionCode } })
        : null;
      const designated = institution?.active && institution.services.includes(kind === 'family_bed' ? 'family_beds' : 'geriatric_ward');
      if (institution && designated && institution.jurisdiction === actor.jurisdiction) return;
      const what = kind === 'family_bed' ? '家庭病床定点医疗机构（000 §8）' : '经核准设立老年病区的定点医疗机构（000 §13）';
      const error = new DomainError(
        'ROLE_NOT_ALLOWED',
        `${institution?.name ?? actor.institutionCode ?? '本机构'}不是${what}，不能提交该申请`,
        { institutionCode: actor.institutionCode ?? null, kind },
      );
      await ctx.logDenied(request, error);
      throw error;
    }

    const apply = (kind: CareKind, schema: typeof familyBedRequestSchema | typeof geriatricWardRequestSchema) =>
      app.post(
        `/care/${kind === 'family_bed' ? 'family-beds' : 'geriatric-wards'}`,
        {
          schema: {
            tags: ['care'],
            body: schema,
            headers: idempotencyHeader,
            response: { 200: episodeViewSchema, 201: episodeViewSchema },
          },
        },
        async (request, reply) => {
          const actor = await ctx.requireRole(request, ['institution'], '提交家庭病床/老年病区申请（仅定点机构）');
          const body = request.body as z.infer<typeof familyBedRequestSchema> | z.infer<typeof geriatricWardRequestSchema>;
          await requireDesignated(request, kind);
          return idempotent(prisma, request, reply, actor, async () => {
            const personKey = personKeyOf(body.application.person.idNumber);
            const episodeId = episodeKey(kind, personKey, body.applicationNo);
            const existing = await prisma.careEpisode.findUnique({ where: { id: episodeId } });
            if (existing) {
              const seen = await visibleEpisode(request, episodeId);
              return { status: 200, body: episodeView(seen.row, { masked: seen.masked }) };
            }
            if (body.transferFrom) {
              // The receiving institution may be another one: it names the person (the same person key),
              // not a record it could otherwise read, and learns only whether the transfer is possible.
              const from = await prisma.careEpisode.findUnique({ where: { id: body.transferFrom } });
              if (!from || from.personKey !== personKey) {
                throw new DomainError('EPISODE_NOT_FOUND', `该参保人没有编号为 ${body.transferFrom} 的档案`, {
                  transferFrom: body.transferFrom,
                });
              }
              if (from.kind === kind || from.status !== 'opened') {
                throw new DomainError('CASE_WRONG_STATE', '转换须从同一参保人正在进行的另一类（家庭病床/老年病区）档案转出', {
                  transferFrom: from.id,
                  status: from.status,
                  kind: from.kind,
                });
              }
            }
            // The workflow is handed the person key and the birth date, not the ID number (001 §26; issue 13 §11).
            await recordPerson(prisma, body.application.person.idNumber);
            const application = { kind, data: withoutIdNumber(body.application) } as CareApplication;
            const handle = await temporal.workflow.start(careEpisode, {
              workflowId: episodeId,
              taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [
                {
                  episodeId,
                  applicationNo: body.applicationNo,
                  personKey,
                  application,
                  applicationDate: shanghaiDate(Date.now()),
                  jurisdiction: actor.jurisdiction,
                  createdBy: actor,
                  transferFrom: body.transferFrom,
                },
              ],
            });
            await awaitOpening(handle, episodeOpenedUpdate);
            request.log.child({ workflowId: episodeId }).info({ kind, actor: actor.username }, 'care episode applied');
            return {
              status: 201,
              body: episodeView(await prisma.careEpisode.findUniqueOrThrow({ where: { id: episodeId } }), { masked: false }),
            };
          });
        },
      );
    apply('family_bed', familyBedRequestSchema);
    apply('geriatric_ward', geriatricWardRequestSchema);

    app.get(
      '/care/episodes',
      {
        schema: {
          tags: ['care'],
          querystring: z
            .object({
              kind: z.enum(careKinds).optional(),
              status: z.enum(episodeStatuses).optional(),
              county: jurisdictionSchema.optional(),
              /** the supervisor's drill-down: episodes whose review time limit was breached */
              breached: z.enum(['true']).optional(),
              /** the supervision table's 在办: under review by the agency or the expert panel */
              open: z.enum(['true']).optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
              cursor: cursorSchema,
            })
            .strict(),
          response: { 200: keysetPageOf(episodeViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'care_episode', q.county);
        const where: Prisma.CareEpisodeWhereInput = {
          jurisdiction: { in: [...scope.jurisdictions] },
          ...(scope.institutionCode ? { createdBy: { in: await ctx.visibility.usersOfInstitution(scope.institutionCode) } } : {}),
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.breached ? { reviewBreachedAt: { not: null } } : {}),
          ...(q.open ? { AND: [{ status: { in: ['under_review', 'panel_review'] } }] } : {}),
        };
        refuseCursorWithPage(q);
        // keyset: the episodes after the last one of the page before, most recently changed first
        const after = q.cursor ? decodeInstantKeyset(q.cursor, /^.+$/) : null;
        const pageWhere: Prisma.CareEpisodeWhereInput = after
          ? { AND: [where, { OR: [{ updatedAt: { lt: after.at } }, { updatedAt: after.at, id: { gt: after.id } }] }] }
          : where;
        const [total, rows, loadedYears] = await Promise.all([
          prisma.careEpisode.count({ where }),
          prisma.careEpisode.findMany({
            where: pageWhere,
            orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
          loadedCalendarYears(prisma),
        ]);
        return keysetAnswer(
          rows,
          q,
          total,
          (r) => episodeView(r, { masked: true, loadedYears }),
          (last) => encodeKeyset([last.updatedAt.toISOString(), last.id]),
        );
      },
    );

    app.get(
      '/care/episodes/:id',
      {
        schema: {
          tags: ['care'],
          params: episodeParams,
          response: { 200: episodeDetailSchema },
        },
      },
      async (request) => {
        const { row, masked } = await visibleEpisode(request, request.params.id);
        return {
          ...episodeView(row, { masked, loadedYears: await loadedCalendarYears(prisma) }),
          application: masked ? maskApplication(row.application) : row.application,
          history: await auditHistory(prisma, row.id),
        };
      },
    );

    app.post(
      '/care/episodes/:id/actions',
      {
        schema: {
          tags: ['care'],
          params: episodeParams,
          body: episodeActionRequestSchema,
          headers: idempotencyHeader,
          response: { 200: episodeViewSchema },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          const { row, masked } = await visibleEpisode(request, id);
          await sendDecision({
            ctx,
            temporal,
            request,
            workflowId: id,
            caseJurisdiction: row.jurisdiction,
            recordedVersion: row.version,
            update: episodeActUpdate,
            command: request.body,
            closedError: async () => closedRecord('档案', episodeStatusNames, row.status),
          });
          return { status: 200, body: episodeView(await prisma.careEpisode.findUniqueOrThrow({ where: { id } }), { masked }) };
        });
      },
    );

    /** 000 §12: general outpatient and outpatient special-disease costs are not paid while a family bed is open. */
    // A POST so that the ID number travels in the body, never in a URL (logs, proxies, security events).
    app.post(
      '/care/outpatient-payable',
      {
        schema: {
          tags: ['care'],
          body: z.object({ idNumber: idNumberSchema, date: isoDateSchema }).strict(),
          response: {
            200: z.object({ date: z.string(), payable: z.boolean(), episode: episodeSpanSchema.optional(), reason: z.string() }),
          },
        },
      },
      async (request) => {
        await ctx.requireRole(
          request,
          ['finance', 'institution', 'window_clerk', 'reviewer', 'approver', 'supervisor'],
          '查询门诊费用能否支付',
        );
        const rows = await prisma.careEpisode.findMany({
          where: { personKey: personKeyOf(request.body.idNumber), openedOn: { not: null } },
          select: { id: true, kind: true, openedOn: true, closedOn: true },
        });
        const answer = outpatientPayable(
          rows.map((r) => ({ episodeId: r.id, kind: r.kind as CareKind, openedOn: r.openedOn!, closedOn: r.closedOn })),
          request.body.date,
        );
        return { date: request.body.date, ...answer };
      },
    );

    /** A hospital admission is refused while a bed is open or closed but not yet settled (000 §12). */
    app.post(
      '/care/admissions',
      {
        schema: {
          tags: ['care'],
          body: z.object({ idNumber: idNumberSchema, hospitalName: lineText(100), admittedOn: businessDateSchema }).strict(),
          response: { 201: z.object({ id: z.string(), admittedOn: z.string(), hospitalName: z.string() }) },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['institution'], '报告住院（仅定点机构）');
        const personKey = personKeyOf(request.body.idNumber);
        const held = await prisma.careOccupancy.findUnique({ where: { personKey } });
        if (held) {
          const episode = await prisma.careEpisode.findUniqueOrThrow({ where: { id: held.episodeId } });
          const refusal = admissionRefusal({ kind: episode.kind as CareKind, openedOn: episode.openedOn });
          throw new DomainError('ADMISSION_REFUSED_BED_OPEN', refusal.message, {
            episodeId: held.episodeId,
            kind: episode.kind,
            article: refusal.article,
            status: episode.status,
            openedOn: episode.openedOn,
            closedOn: episode.closedOn,
          });
        }
        const report = await prisma.admissionReport.create({
          data: {
            personKey,
            hospitalName: request.body.hospitalName,
            admittedOn: request.body.admittedOn,
            reportedBy: actor.username,
            reportedAt: new Date(),
          },
        });
        return reply.status(201).send({ id: String(report.id), admittedOn: report.admittedOn, hospitalName: report.hospitalName });
      },
    );
  };

/** The stored application with the person's ID number masked (for readers who see it masked). */
function maskApplication(application: unknown): unknown {
  const app = application as { person?: { idNumber?: unknown } } | null;
  if (!app?.person || typeof app.person.idNumber !== 'string') return application;
  return { ...app, person: { ...app.person, idNumber: maskIdNumber(app.person.idNumber) } };
}
