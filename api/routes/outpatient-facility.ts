/**
 * General-outpatient designated facilities (普通门诊选点, 000 §19–§22; 004 item 9): the register of
 * designated facilities an administrator loads, a person's choice and its changes, and the
 * settlement side's question "which facility may person X use on date D".
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CareKind, outpatientPayable } from '../../domain/care-episode';
import { addDays, isoDateSchema, shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { idNumberSchema } from '../../domain/id-number';
import {
  type FacilityChoice,
  type FacilityCommand,
  type FacilityRef,
  type RemoteFiling,
  type OutpatientFacilityState,
  changeWindow,
  facilitiesOn,
  facilityActionRequestSchema,
  facilityServices,
  outpatientFacilityId,
  pendingChange,
  type OutpatientReferral,
  referralRequestSchema,
  referralsOn,
  withRegisterEnds,
  type FacilityGrade,
  type FacilityService,
} from '../../domain/outpatient-facility';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import { type FilingType, type PlaceSegment, isLongTerm } from '../../domain/remote-care';
import { lineText } from '../../domain/primitives';
import type { Prisma } from '../../generated/prisma/client';
import { facilityActUpdate, outpatientFacility, referralFiledUpdate } from '../../workflows/outpatient-facility';
import { choiceRecordViewSchema, designatedFacilityViewSchema, facilitiesOnDateSchema } from '../../domain/views/outpatient-facility';
import type { RouteContext } from '../app';
import { sendDecision } from '../decisions';
import { idempotent } from '../idempotency';
import { personKeyOf, recordPerson } from '../../store/persons';

type FacilityRow = Prisma.DesignatedFacilityGetPayload<object>;

const facilityCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '机构编码只能含字母、数字、下划线和连字符，最长40位');

export const designatedFacilitySchema = z
  .object({
    name: lineText(100),
    county: lineText(50),
    /** the agency it is designated with; absent for an off-site facility */
    jurisdiction: jurisdictionSchema.nullable().default(null),
    grade: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    offsite: z.boolean().default(false),
    /** 000 §27(一): a specialist hospital cannot refer out of the city */
    specialist: z.boolean().default(false),
    /** where it is; an off-site facility needs it (003 tip 2: it must lie in the filing's place of care) */
    province: lineText(20).nullable().default(null),
    city: lineText(30).nullable().default(null),
    services: z
      .array(z.enum(facilityServices))
      .min(1)
      .max(facilityServices.length)
      .refine((s) => new Set(s).size === s.length, '服务类别不能重复'),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((f) => f.offsite || f.jurisdiction !== null, { message: '本地定点机构须填写所属经办机构', path: ['jurisdiction'] })
  .refine((f) => !f.offsite || f.jurisdiction === null, { message: '异地定点机构不属于本市经办机构', path: ['jurisdiction'] })
  .refine((f) => !f.offsite || (f.province !== null && f.city !== null), {
    message: '异地定点机构须填写所在省、市（与异地就医备案的就医地核对，开平指南温馨提示2）',
    path: ['city'],
  });

export function facilityView(row: FacilityRow): z.infer<typeof designatedFacilityViewSchema> {
  return { ...row, grade: row.grade as FacilityGrade, services: row.services as FacilityService[], updatedAt: row.updatedAt.toISOString() };
}

export const outpatientFacilityRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    app.get(
      '/outpatient/facilities',
      {
        schema: {
          tags: ['outpatient-facility'],
          querystring: z
            .object({
              service: z.enum(facilityServices).optional(),
              county: lineText(50).optional(),
              offsite: z.enum(['true', 'false']).optional(),
            })
            .strict(),
          response: { 200: z.array(designatedFacilityViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await prisma.designatedFacility.findMany({
          where: {
            ...(q.service ? { services: { has: q.service } } : {}),
            ...(q.county ? { county: q.county } : {}),
            ...(q.offsite ? { offsite: q.offsite === 'true' } : {}),
          },
          orderBy: { code: 'asc' },
        });
        return rows.map(facilityView);
      },
    );

    /** An administrator loads or corrects one facility of the register (a grade change is recorded here). */
    app.put(
      '/outpatient/facilities/:code',
      {
        schema: {
          tags: ['outpatient-facility'],
          params: z.object({ code: facilityCodeSchema }),
          body: designatedFacilitySchema,
          response: { 200: designatedFacilityViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['admin'], '维护定点医疗机构目录（仅系统管理员）');
        const data = { ...request.body, updatedBy: actor.username, updatedAt: new Date() };
        const row = await prisma.designatedFacility.upsert({
          where: { code: request.params.code },
          create: { code: request.params.code, ...data },
          update: data,
        });
        return facilityView(row);
      },
    );

    /**
     * 选点登记 / 下一年度变更 / 年度内变更 (000 §19–§20): the facilities by code from the register, the
     * person in the body (never in the URL). The workflow's validator decides; a refusal is a 4xx with
     * the dates that apply, and nothing is recorded.
     */
    app.post(
      '/outpatient/choices',
      {
        schema: { tags: ['outpatient-facility'], body: facilityActionRequestSchema, response: { 200: choiceRecordViewSchema } },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(
          request,
          ['window_clerk', 'reviewer', 'approver', 'institution'],
          '办理普通门诊选点（经办机构窗口或定点医疗机构）',
        );
        return idempotent(prisma, request, reply, actor, async () => {
          const { person, jurisdiction, facilities: codes, ...command } = request.body;
          const rows = await facilitiesByCode(
            prisma,
            codes.map((c) => c.code),
            'general_outpatient',
          );
          const facilities: FacilityRef[] = rows.map((f) => ({
            code: f.code,
            name: f.name,
            county: f.county,
            grade: f.grade as FacilityRef['grade'],
            offsite: f.offsite,
          }));
          const personKey = personKeyOf(person.idNumber);
          const id = outpatientFacilityId(personKey);
          if (command.remoteFiling) {
            command.remoteFiling = await registeredFiling(
              prisma,
              personKey,
              command.remoteFiling,
              rows.filter((r) => r.offsite),
            );
          }
          const existing = await prisma.outpatientFacility.findUnique({ where: { id } });
          // The person's workflow holds the history; a run that is gone is started again from the read model's history.
          // the workflow's input and history carry the person key, not the ID number (001 §26; issue 13 §11)
          const state: OutpatientFacilityState = existing
            ? stateOf(existing)
            : { recordId: id, personKey, person: { name: person.name }, jurisdiction, choices: [], version: 0 };
          await recordPerson(prisma, person.idNumber);
          await ctx.temporal.workflow.start(outpatientFacility, {
            workflowId: id,
            taskQueue: ctx.taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
            args: [{ state }],
          });
          await sendDecision({
            ctx,
            temporal: ctx.temporal,
            request,
            workflowId: id,
            // any agency's counter may register (000 §19); the domain check holds the insured place for a mid-year change
            caseJurisdiction: actor.jurisdiction,
            recordedVersion: existing?.version,
            update: facilityActUpdate,
            command: { ...command, facilities } as FacilityCommand, // the actor is added by sendDecision
            closedError: async () => new DomainError('SERVICE_UNAVAILABLE', '选点记录正在转存，请稍后重试'),
          });
          return { status: 200, body: choiceRecordView(await prisma.outpatientFacility.findUniqueOrThrow({ where: { id } })) };
        });
      },
    );

    /** A person's choices and what applies today (the ID number in the body). */
    app.post(
      '/outpatient/choices/lookup',
      {
        schema: {
          tags: ['outpatient-facility'],
          body: z.object({ idNumber: idNumberSchema }).strict(),
          response: { 200: choiceRecordViewSchema },
        },
      },
      async (request) => {
        await ctx.requireRole(
          request,
          ['window_clerk', 'reviewer', 'approver', 'institution', 'supervisor', 'finance'],
          '查询普通门诊选点',
        );
        const row = await prisma.outpatientFacility.findUnique({ where: { personKey: personKeyOf(request.body.idNumber) } });
        if (!row) throw new DomainError('NOT_FOUND', '该参保人未办理普通门诊选点登记（000 §19）');
        return choiceRecordView(row);
      },
    );

    /**
     * The settlement side's question: which facility may person X use for general outpatient care on
     * date D (000 §19–§21), the off-site ones with their filing (003 tip 2), and whether an open family
     * bed stops general outpatient payment that day (000 §12). A POST: the ID number never in a URL.
     */
    app.post(
      '/outpatient/facility-on-date',
      {
        schema: {
          tags: ['outpatient-facility'],
          body: z.object({ idNumber: idNumberSchema, date: isoDateSchema }).strict(),
          response: { 200: facilitiesOnDateSchema },
        },
      },
      async (request) => {
        await ctx.requireRole(
          request,
          ['finance', 'institution', 'window_clerk', 'reviewer', 'approver', 'supervisor'],
          '查询普通门诊定点机构',
        );
        const personKey = personKeyOf(request.body.idNumber);
        const [row, beds, filings] = await Promise.all([
          prisma.outpatientFacility.findUnique({ where: { personKey } }),
          prisma.careEpisode.findMany({
            where: { personKey, openedOn: { not: null } },
            select: { id: true, kind: true, openedOn: true, closedOn: true },
          }),
          prisma.remoteCareFiling.findMany({ where: { personKey }, select: { filingNo: true, validUntil: true, cancelledOn: true } }),
        ]);
        const state = row ? stateOf(row) : null;
        // a filing cancelled in the register since the choice ends its off-site facilities (003 tip 2)
        const ends = filings.map((f) => {
          const last = [f.validUntil, f.cancelledOn ? addDays(f.cancelledOn, -1) : null].filter((d): d is string => d !== null).sort()[0];
          return { filingNo: f.filingNo, lastDay: last ?? null };
        });
        const answer = facilitiesOn(withRegisterEnds(state?.choices ?? [], ends), request.body.date);
        const payable = outpatientPayable(
          beds.map((b) => ({ episodeId: b.id, kind: b.kind as CareKind, openedOn: b.openedOn!, closedOn: b.closedOn })),
          request.body.date,
        );
        const referrals = referralsOn(state?.referrals ?? [], request.body.date);
        return { ...answer, referrals, outpatientPayable: payable.payable, outpatientPayableReason: payable.reason };
      },
    );

    /**
     * 000 §22, the inbound interface: the person's chosen facility pushes a referral it has reviewed
     * and stamped (附件5) through the national platform; the receiving facility is named by code.
     */
    app.post(
      '/outpatient/referrals',
      {
        schema: { tags: ['outpatient-facility'], body: referralRequestSchema, response: { 200: choiceRecordViewSchema } },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['institution'], '推送门诊转诊备案（仅参保人选定的定点医疗机构）');
        return idempotent(prisma, request, reply, actor, async () => {
          const { idNumber, toCode, ...rest } = request.body;
          const [to] = await facilitiesByCode(prisma, [toCode], 'general_outpatient');
          const row = await prisma.outpatientFacility.findUnique({ where: { personKey: personKeyOf(idNumber) } });
          if (!row) throw new DomainError('NO_FACILITY_CHOSEN', '该参保人未办理普通门诊选点登记，不能提出门诊转诊（000 §19、§22）');
          // a run started again from the read model carries the key only: the register must hold the person
          await recordPerson(prisma, idNumber);
          await ctx.temporal.workflow.start(outpatientFacility, {
            workflowId: row.id,
            taskQueue: ctx.taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
            args: [{ state: stateOf(row) }],
          });
          await sendDecision({
            ctx,
            temporal: ctx.temporal,
            request,
            workflowId: row.id,
            caseJurisdiction: actor.jurisdiction,
            recordedVersion: row.version,
            update: referralFiledUpdate,
            command: {
              action: 'file_referral',
              ...rest,
              to: { code: to!.code, name: to!.name, county: to!.county, grade: to!.grade as FacilityRef['grade'], offsite: to!.offsite },
            },
            closedError: async () => new DomainError('SERVICE_UNAVAILABLE', '选点记录正在转存，请稍后重试'),
          });
          return { status: 200, body: choiceRecordView(await prisma.outpatientFacility.findUniqueOrThrow({ where: { id: row.id } })) };
        });
      },
    );
  };

/**
 * The long-term filing an off-site choice rests on (003 tip 2), from the remote-care register when
 * the filing is in it: its validity and basis are the register's, not the clerk's. A filing made
 * before the register existed (a generic service case) is not in it: the clerk's explicit input,
 * with the evidence seen, stands and is recorded as such.
 */
async function registeredFiling(
  prisma: RouteContext['prisma'],
  personKey: string,
  declared: RemoteFiling,
  offsite: readonly FacilityRow[],
): Promise<RemoteFiling> {
  const filing = await prisma.remoteCareFiling.findUnique({ where: { personKey_filingNo: { personKey, filingNo: declared.filingNo } } });
  if (!filing) return { ...declared, evidence: `（登记簿无此备案，按窗口核验）${declared.evidence}`.slice(0, 500) };
  const facts = { filingNo: filing.filingNo, type: filing.type, status: filing.status };
  if (!isLongTerm(filing.type as FilingType)) {
    throw new DomainError('ELIGIBILITY_UNMET', `备案 ${filing.filingNo} 不是异地长期备案，不能办理异地普通门诊选点（003 提示2）`, facts);
  }
  if (!filing.validFrom || (filing.status !== 'active' && filing.status !== 'expired')) {
    throw new DomainError('ELIGIBILITY_UNMET', `备案 ${filing.filingNo} 尚未生效或已撤销，不能办理异地普通门诊选点（003 提示2）`, facts);
  }
  // 003 tip 2: the off-site facilities are chosen at the filing's place (长期居住地), its current one after a change.
  const segments = (filing.places as unknown as PlaceSegment[]) ?? [];
  const place = segments.length ? [...segments].sort((a, b) => (a.from < b.from ? -1 : 1)).at(-1)!.place : null;
  const elsewhere = offsite.filter((f) => !place || f.province !== place.province || f.city !== place.city);
  if (elsewhere.length) {
    const at = place ? `${place.province}${place.city}` : '（未登记）';
    throw new DomainError(
      'ELIGIBILITY_UNMET',
      `异地定点机构须在备案的就医地（${at}）：${elsewhere.map((f) => `${f.name}在${f.province ?? ''}${f.city ?? '（所在地未登记）'}`).join('；')}（开平指南温馨提示2）`,
      { ...facts, place, facilities: elsewhere.map((f) => ({ code: f.code, province: f.province, city: f.city })) },
    );
  }
  return {
    filingNo: filing.filingNo,
    basis: filing.personalPromise && !filing.materialsDeliveredOn ? 'promise' : 'materials',
    validFrom: filing.validFrom,
    validTo: filing.validUntil,
    evidence: `异地就医备案登记簿 ${filing.id}`,
  };
}

function stateOf(row: Prisma.OutpatientFacilityGetPayload<object>): OutpatientFacilityState {
  return {
    recordId: row.id,
    personKey: row.personKey,
    // a run started again from the read model carries the person key only (store/persons.ts)
    person: { name: row.personName },
    jurisdiction: row.jurisdiction,
    choices: row.choices as unknown as FacilityChoice[],
    referrals: row.referrals as unknown as OutpatientReferral[],
    version: row.version,
  };
}

/** A person's record: the ID number masked (001 §26), the history, what applies today and what is pending. */
function choiceRecordView(row: Prisma.OutpatientFacilityGetPayload<object>): z.infer<typeof choiceRecordViewSchema> {
  const s = stateOf(row);
  const today = shanghaiDate(Date.now());
  return {
    id: s.recordId,
    person: { name: s.person.name, idNumber: maskIdNumber(row.idNumber) },
    jurisdiction: s.jurisdiction,
    version: s.version,
    choices: s.choices,
    referrals: s.referrals ?? [],
    today: facilitiesOn(s.choices, today),
    pending: pendingChange(s.choices, today),
    window: changeWindow(today),
  };
}

/** The register's facilities by code, refused (404) when one is unknown, inactive or not designated for `service`. */
export async function facilitiesByCode(
  prisma: RouteContext['prisma'],
  codes: string[],
  service: (typeof facilityServices)[number],
): Promise<FacilityRow[]> {
  const rows = await prisma.designatedFacility.findMany({ where: { code: { in: codes } } });
  return codes.map((code, i) => {
    const row = rows.find((r) => r.code === code);
    if (!row || !row.active || !row.services.includes(service)) {
      throw new DomainError(
        'FACILITY_NOT_FOUND',
        `${code} 不是${service === 'general_outpatient' ? '普通门诊' : ''}定点医疗机构（或已停用）`,
        { field: `facilities.${i}.code`, code },
      );
    }
    return row;
  });
}
