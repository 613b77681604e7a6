/**
 * Remote-care filings (异地就医备案, 000 §26–§33; items 20–25): counter filing (accepted or refused on
 * the spot), online filing and its review, change, cancel, delivery of promised materials, the
 * online queue, the filing page, and the settlement side's question "is person X filed for place
 * P on date D" (POST, the ID number in the body: never in a URL).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { showsFullIdNumber } from '../../domain/access-policy';
import { shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { idNumberSchema } from '../../domain/id-number';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import { dateSchema, pageSchema, pageSizeSchema } from '../../domain/primitives';
import {
  type FilingStatus,
  type FilingStatusAnswer,
  type FilingType,
  type InsuredPlace,
  benefitKinds,
  carePlaceSchema,
  checkEmergencyFlag,
  checkReferringFacility,
  filingStatuses,
  filingTypeNames,
  insuredPlaces,
  materialNames,
  requiredMaterials,
  ruleSetOn,
} from '../../domain/remote-care';
import { type FilingChannel, filingActionRequestSchema, filingId, filingStatusNames, openFiling } from '../../domain/remote-care-filing';
import { afterDueKey, cursorSchema, decodeDueKey, encodeDueKey, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import type { Prisma } from '../../generated/prisma/client';
import { loadCalendar } from '../../store/calendar';
import { filingStatusOf } from '../../activities/remote-care';
import { filingActUpdate, filingOpenedUpdate, remoteCareFiling } from '../../workflows/remote-care-filing';
import {
  filingDetailSchema,
  filingPageSchema,
  filingStatusAnswerSchema,
  filingViewSchema,
  materialsChecklistSchema,
  type placeViewSchema,
} from '../../domain/views/remote-care';
import { createFilingRequestSchema, emergencyVisitRequestSchema, referralFilingRequestSchema } from '../../domain/remote-care-requests';
import type { RouteContext } from '../app';
import { sendDecision, closedRecord, awaitOpening } from '../decisions';
import { auditHistory } from '../history';
import { idempotent } from '../idempotency';
import { personKeyOf, recordPerson } from '../../store/persons';

type FilingRow = Prisma.RemoteCareFilingGetPayload<object>;

/** Counter and online filings (items 20–25); emergencies are treated as filed by the institution's flag, not here. */
// the request schemas live in domain/ so the workbench validates with them too
export { createFilingRequestSchema };

export function filingView(row: FilingRow, opts: { masked: boolean }): z.infer<typeof filingViewSchema> {
  const state = row.record as unknown as { materials?: string[]; refusal?: { reason: string; returnedMaterials: string[] } | null };
  return {
    id: row.id,
    filingNo: row.filingNo,
    type: row.type as FilingType,
    typeName: filingTypeNames[row.type as keyof typeof filingTypeNames] ?? row.type,
    status: row.status as FilingStatus,
    statusName: filingStatusNames[row.status as keyof typeof filingStatusNames] ?? row.status,
    channel: row.channel as FilingChannel,
    jurisdiction: row.jurisdiction,
    insuredPlace: row.insuredPlace as InsuredPlace,
    ruleSetId: row.ruleSetId,
    person: { name: row.personName, idNumber: opts.masked ? maskIdNumber(row.idNumber) : row.idNumber },
    receivedOn: row.receivedOn,
    filedOn: row.filedOn,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    changeableFrom: row.changeableFrom,
    cancelledOn: row.cancelledOn,
    places: row.places as unknown as z.infer<typeof placeViewSchema>[],
    personalPromise: row.personalPromise,
    materialsDeliveredOn: row.materialsDeliveredOn,
    materials: state.materials ?? [],
    refusal: state.refusal ?? null,
    dueDate: row.dueDate,
    breached: row.breachedAt !== null,
    createdBy: row.createdBy,
    version: row.version,
  };
}

const filingParams = z.object({ id: z.string().regex(/^remote-care:[0-9a-f]{16}:[A-Za-z0-9-]{1,40}$/, '备案编号格式不正确') });

export const remoteCareRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    async function visibleFiling(request: Parameters<RouteContext['logDenied']>[0], id: string) {
      const row = await prisma.remoteCareFiling.findUnique({ where: { id } });
      if (!row) throw new DomainError('FILING_NOT_FOUND', `没有编号为 ${id} 的异地就医备案`);
      const ref = { jurisdiction: row.jurisdiction };
      await ctx.visibility.requireReadable(request, 'remote_care_filing', ref, id);
      const masked = !showsFullIdNumber(request.actor!, 'remote_care_filing', ref, 'detail');
      if (!masked) await ctx.visibility.fullIdNumberRead(request, row.personKey);
      return { row, masked };
    }

    /** 003's checklist per type, for the counter form. */
    app.get(
      '/remote-care/materials',
      {
        schema: {
          tags: ['remote-care'],
          response: { 200: materialsChecklistSchema },
        },
      },
      async () =>
        // every key of requiredMaterials (a Record over every filing type) maps to one entry
        Object.fromEntries(
          Object.entries(requiredMaterials).map(([type, lines]) => [
            type,
            {
              typeName: filingTypeNames[type as keyof typeof filingTypeNames],
              lines: lines.map((l) => ({
                anyOf: l.anyOf.map((m) => ({ code: m, name: materialNames[m] })),
                promiseInstead: l.promiseInstead,
              })),
            },
          ]),
        ) as z.infer<typeof materialsChecklistSchema>,
    );

    app.post(
      '/remote-care/filings',
      {
        schema: { tags: ['remote-care'], body: createFilingRequestSchema, response: { 200: filingViewSchema, 201: filingViewSchema } },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['window_clerk'], '办理异地就医备案（窗口受理或线上备案登记）');
        const body = request.body;
        if (body.counterRefusal && body.channel !== 'counter') {
          throw new DomainError('VALIDATION_FAILED', '只有窗口办理可以当场不予受理（线上备案在审核时决定）', { field: 'counterRefusal' });
        }
        return idempotent(prisma, request, reply, actor, async () => {
          const personKey = personKeyOf(body.person.idNumber);
          const id = filingId(personKey, body.filingNo);
          const existing = await prisma.remoteCareFiling.findUnique({ where: { id } });
          if (existing) {
            const seen = await visibleFiling(request, id);
            return { status: 200, body: filingView(seen.row, { masked: seen.masked }) };
          }
          const taken = await prisma.remoteCareFiling.findFirst({
            where: { filingNo: body.filingNo },
            select: { id: true, idNumber: true },
          });
          if (taken) {
            throw new DomainError('APPLICATION_NO_TAKEN', `备案编号 ${body.filingNo} 已用于另一参保人（${maskIdNumber(taken.idNumber)}）`, {
              filingId: taken.id,
            });
          }
          const today = shanghaiDate(Date.now());
          const year = Number(today.slice(0, 4));
          const state = openFiling(
            {
              personKey,
              // the workflow's input and history carry the person key, not the ID number (001 §26; issue 13 §11)
              person: { name: body.person.name },
              filingNo: body.filingNo,
              insuredPlace: body.insuredPlace,
              type: body.type,
              place: body.place,
              materials: body.materials,
              personalPromise: body.personalPromise,
              jurisdiction: actor.jurisdiction,
              channel: body.channel,
              createdBy: actor,
              receivedOn: today,
              counterRefusal: body.counterRefusal,
              validityFacts: {
                documentValidUntil: body.documentValidUntil,
                referralCondition: body.referralCondition,
                admission: body.admission,
              },
            },
            await loadCalendar(prisma, [year - 1, year, year + 1]),
          );
          await recordPerson(prisma, body.person.idNumber);
          return { status: 201, body: filingView(await startFiling(state), { masked: false }) };
        });
      },
    );

    /** One workflow per filing, whatever the channel; answers the register's row once the opening is recorded. */
    async function startFiling(state: ReturnType<typeof openFiling>): Promise<FilingRow> {
      const handle = await temporal.workflow.start(remoteCareFiling, {
        workflowId: state.filingId,
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ state }],
      });
      await awaitOpening(handle, filingOpenedUpdate);
      return prisma.remoteCareFiling.findUniqueOrThrow({ where: { id: state.filingId } });
    }

    /** The same filing number for another person is refused; the same person's is answered again (200). */
    async function existingOrTaken(request: Parameters<RouteContext['logDenied']>[0], id: string, filingNo: string) {
      const existing = await prisma.remoteCareFiling.findUnique({ where: { id } });
      if (existing) {
        // the institution that pushed it sees its own push again (masked); anyone else by the visibility policy
        const code = request.actor!.institutionCode;
        const own = code && (await ctx.visibility.usersOfInstitution(code)).includes(existing.createdBy);
        const row = own ? existing : (await visibleFiling(request, id)).row;
        return { status: 200, body: filingView(row, { masked: true }) };
      }
      const taken = await prisma.remoteCareFiling.findFirst({ where: { filingNo }, select: { id: true, idNumber: true } });
      if (taken) {
        throw new DomainError('APPLICATION_NO_TAKEN', `备案编号 ${filingNo} 已用于另一参保人（${maskIdNumber(taken.idNumber)}）`, {
          filingId: taken.id,
        });
      }
      return null;
    }

    const calendarAround = (today: string) => {
      const year = Number(today.slice(0, 4));
      return loadCalendar(prisma, [year - 1, year, year + 1]);
    };

    /**
     * 000 §27(一): a referral out of the city, filed by the referring institution itself through the
     * national platform: only a qualified one (level 2+, not a specialist hospital, designated for
     * referrals in the register); the filing goes to the institution's agency and counts from today.
     */
    app.post(
      '/remote-care/referrals',
      {
        schema: {
          tags: ['remote-care'],
          body: referralFilingRequestSchema,
          response: { 200: filingViewSchema, 201: filingViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['institution'], '推送异地转诊备案（具备转诊资质的定点医疗机构）');
        const body = request.body;
        const facility = actor.institutionCode
          ? await prisma.designatedFacility.findUnique({ where: { code: actor.institutionCode } })
          : null;
        const unmet = checkReferringFacility(facility);
        if (unmet.length) {
          const error = new DomainError(
            'ELIGIBILITY_UNMET',
            `${facility?.name ?? actor.institutionCode ?? '本机构'}不能办理异地转诊备案：${unmet.map((u) => u.message).join('；')}（000 §27(一)）`,
            { institutionCode: actor.institutionCode ?? null, unmet },
          );
          await ctx.logDenied(request, error);
          throw error;
        }
        return idempotent(prisma, request, reply, actor, async () => {
          const personKey = personKeyOf(body.person.idNumber);
          const id = filingId(personKey, body.filingNo);
          const seen = await existingOrTaken(request, id, body.filingNo);
          if (seen) return seen;
          const today = shanghaiDate(Date.now());
          const state = openFiling(
            {
              personKey,
              // the workflow's input and history carry the person key, not the ID number (001 §26; issue 13 §11)
              person: { name: body.person.name },
              filingNo: body.filingNo,
              insuredPlace: body.insuredPlace,
              type: 'referral',
              place: body.place,
              // the stamped 转院（诊）申请表 is the referral certificate of 003's table
              materials: ['id_document', 'referral_certificate'],
              personalPromise: false,
              jurisdiction: actor.jurisdiction,
              channel: 'institution_referral',
              createdBy: actor,
              receivedOn: today,
              validityFacts: { referralCondition: body.referralCondition, admission: body.admission },
            },
            await calendarAround(today),
          );
          await recordPerson(prisma, body.person.idNumber);
          return { status: 201, body: filingView(await startFiling(state), { masked: true }) };
        });
      },
    );

    /**
     * 000 §27(二): a visit the institution registered with the emergency flag is treated as filed for
     * that visit (当次入院有效, 002 §9(五) agrees); pushed after discharge settlement it is refused
     * (000 §33). Nothing is recorded for a visit without the flag.
     */
    app.post(
      '/remote-care/emergency-visits',
      {
        schema: {
          tags: ['remote-care'],
          body: emergencyVisitRequestSchema,
          response: { 200: filingViewSchema, 201: filingViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['institution'], '上传急诊标志（门诊结算或入院登记）');
        const body = request.body;
        const today = shanghaiDate(Date.now());
        const flagProblem = checkEmergencyFlag(ruleSetOn(body.insuredPlace, today), body.emergency);
        if (flagProblem) throw flagProblem;
        return idempotent(prisma, request, reply, actor, async () => {
          const personKey = personKeyOf(body.person.idNumber);
          const id = filingId(personKey, body.visitNo);
          const seen = await existingOrTaken(request, id, body.visitNo);
          if (seen) return seen;
          const state = openFiling(
            {
              personKey,
              // the workflow's input and history carry the person key, not the ID number (001 §26; issue 13 §11)
              person: { name: body.person.name },
              filingNo: body.visitNo,
              insuredPlace: body.insuredPlace,
              type: 'emergency',
              place: body.place,
              materials: [],
              personalPromise: false,
              jurisdiction: body.insuredAgency,
              channel: 'emergency_flag',
              createdBy: actor,
              receivedOn: today,
              validityFacts: { admission: { admittedOn: body.visitOn, dischargeSettledOn: body.dischargeSettledOn ?? null } },
            },
            await calendarAround(today),
          );
          await recordPerson(prisma, body.person.idNumber);
          return { status: 201, body: filingView(await startFiling(state), { masked: true }) };
        });
      },
    );

    /** The online queue (status under_review, oldest deadline first) and the register's lists. */
    app.get(
      '/remote-care/filings',
      {
        schema: {
          tags: ['remote-care'],
          querystring: z
            .object({
              status: z.enum(filingStatuses).optional(),
              county: jurisdictionSchema.optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
              cursor: cursorSchema,
            })
            .strict(),
          response: {
            200: filingPageSchema,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'remote_care_filing', q.county);
        const where: Prisma.RemoteCareFilingWhereInput = {
          jurisdiction: { in: [...scope.jurisdictions] },
          ...(q.status ? { status: q.status } : {}),
        };
        refuseCursorWithPage(q);
        // keyset (issue 18): the filings after the last one of the page before, earliest deadline first
        const after = q.cursor ? decodeDueKey(q.cursor, /^remote-care:.+$/) : null;
        const pageWhere: Prisma.RemoteCareFilingWhereInput = after
          ? { AND: [where, afterDueKey<Prisma.RemoteCareFilingWhereInput>(after, 'dueDate', 'receivedOn')] }
          : where;
        const [total, rows] = await Promise.all([
          prisma.remoteCareFiling.count({ where }),
          prisma.remoteCareFiling.findMany({
            where: pageWhere,
            orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { receivedOn: 'asc' }, { id: 'asc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
        ]);
        return keysetAnswer(
          rows,
          q,
          total,
          (r) => filingView(r, { masked: true }),
          (last) => encodeDueKey({ due: last.dueDate, on: last.receivedOn, id: last.id }),
        );
      },
    );

    app.get(
      '/remote-care/filings/:id',
      {
        schema: { tags: ['remote-care'], params: filingParams, response: { 200: filingDetailSchema } },
      },
      async (request) => {
        const { row, masked } = await visibleFiling(request, request.params.id);
        const [history, notices] = await Promise.all([
          auditHistory(prisma, row.id),
          prisma.notice.findMany({ where: { caseId: row.id }, orderBy: { id: 'asc' } }),
        ]);
        return {
          ...filingView(row, { masked }),
          history: history as unknown as Record<string, unknown>[],
          notices: notices.map((n) => ({
            id: String(n.id),
            template: n.template,
            subject: n.subject,
            createdAt: n.createdAt.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/remote-care/filings/:id/actions',
      {
        schema: { tags: ['remote-care'], params: filingParams, body: filingActionRequestSchema, response: { 200: filingViewSchema } },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          const { row, masked } = await visibleFiling(request, id);
          await sendDecision({
            ctx,
            temporal,
            request,
            workflowId: id,
            caseJurisdiction: row.jurisdiction,
            recordedVersion: row.version,
            update: filingActUpdate,
            command: request.body,
            closedError: async () =>
              row.type === 'emergency' && row.status === 'active'
                ? // its run ended once filed: it covers its own admission only (000 §27(二); 002 §9(五))
                  new DomainError('CASE_CLOSED', '急诊抢救备案只对当次入院（急诊）有效，不能再变更、取消或补齐材料（000 §27(二)）', {
                    status: row.status,
                    admissionOnly: true,
                  })
                : closedRecord('备案', filingStatusNames, row.status),
          });
          return { status: 200, body: filingView(await prisma.remoteCareFiling.findUniqueOrThrow({ where: { id } }), { masked }) };
        });
      },
    );

    /** The settlement side's question (issue 14): the ID number in the body, never in a URL. */
    app.post(
      '/remote-care/filing-status',
      {
        schema: {
          tags: ['remote-care'],
          body: z
            .object({
              idNumber: idNumberSchema,
              insuredPlace: z.enum(insuredPlaces).default('jiangmen'),
              place: carePlaceSchema,
              date: dateSchema,
              admittedOn: dateSchema.optional(),
              /** 002 §10: 'outpatient' is general outpatient care (普通门诊) */
              care: z.enum(benefitKinds),
            })
            .strict(),
          response: { 200: filingStatusAnswerSchema },
        },
      },
      async (request): Promise<FilingStatusAnswer> => {
        await ctx.requireRole(
          request,
          ['finance', 'institution', 'window_clerk', 'reviewer', 'approver', 'supervisor'],
          '查询异地就医备案状态',
        );
        const { idNumber, ...q } = request.body;
        return filingStatusOf(prisma, { ...q, personKey: personKeyOf(idNumber) });
      },
    );
  };
