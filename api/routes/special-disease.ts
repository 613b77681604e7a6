/**
 * Outpatient special-disease certifications (门诊特定病种, 000 §15–§18; item 26): an institution's
 * push or a clerk's off-site registration, renewals and the clerk actions of item 26, the coverage
 * question for any date, and the administrable disease list.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type CertificationStanding,
  type EndedCertification,
  actingJurisdiction,
  certificationActionRequestSchema,
  certificationId,
  certificationStandingOn,
  certificationStandings,
  certificationStatusNames,
  createCertificationSchema,
  newCertificationRefusal,
  newCertificationState,
  openingCertificationState,
  registrationRefusal,
  renewalOffer,
  renewingInstitution,
  type CertificationState,
  type CertificationStatus,
} from '../../domain/certification';
import { addDays, isoDateSchema, shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { lineText, pageSchema, pageSizeSchema } from '../../domain/primitives';
import { cursorSchema, decodeKeyset, encodeKeyset, keysetPageOf, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import { showsFullIdNumber } from '../../domain/access-policy';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import type { CareKind } from '../../domain/care-episode';
import {
  type CertificationHistory,
  coverageWithCareEpisodes,
  periodFrom,
  personCoverageOn,
  renewalWindows,
} from '../../domain/special-disease';
import type { Prisma } from '../../generated/prisma/client';
import { currentNoticeOffsets } from '../../activities/special-disease';
import {
  certificationActUpdate,
  certificationOpenedUpdate,
  specialDiseaseCertification,
} from '../../workflows/special-disease-certification';
import {
  certificationViewSchema,
  coverageViewSchema,
  diseaseViewSchema,
  diseaseWithInstitutionsSchema,
} from '../../domain/views/certification';
import type { RouteContext } from '../app';
import { sendDecision, awaitOpening } from '../decisions';
import { auditHistory } from '../history';
import { idempotent } from '../idempotency';
import { historyEventSchema } from '../responses';
import { personKeyOf, recordPerson } from '../../store/persons';
import { idNumberSchema } from '../../domain/id-number';

type CertificationRow = Prisma.CertificationGetPayload<object>;

function historyOf(row: CertificationRow): CertificationHistory {
  return {
    periods: row.periods as unknown as CertificationHistory['periods'],
    suspensions: row.suspensions as unknown as CertificationHistory['suspensions'],
    terminatedOn: row.terminatedOn,
  };
}

/** The rows whose status as it stands today (`certificationStandingOn`) is `standing`. */
function standingWhere(standing: CertificationStanding, today: string): Prisma.CertificationWhereInput {
  const lapsesBefore = addDays(today, -30); // period ends before today−30 ⇔ today ≥ E+31
  const open = { status: { in: ['active', 'suspended'] } };
  switch (standing) {
    case 'terminated':
      return { status: 'terminated' };
    case 'lapsed':
      return { OR: [{ status: 'lapsed' }, { ...open, periodEnd: { lt: lapsesBefore } }] };
    case 'suspended':
      return { status: 'suspended', periodEnd: { gte: lapsesBefore } };
    case 'expired':
      return { status: 'active', periodEnd: { lt: today, gte: lapsesBefore } };
    case 'active':
      return { status: 'active', periodEnd: { gte: today } };
  }
}

function earlierOf(row: CertificationRow): EndedCertification[] {
  return (row.earlier ?? []) as unknown as EndedCertification[];
}

/** The row's certification as it ended (terminated or lapsed), to carry forward into a new one. */
function endedOf(row: CertificationRow): EndedCertification {
  return {
    status: row.status as EndedCertification['status'],
    history: historyOf(row),
    lapsedOn: row.lapsedOn,
    institutionCode: row.institutionCode,
    treatingHospital: (row.treatingHospital ?? null) as EndedCertification['treatingHospital'],
    source: row.source as EndedCertification['source'],
    insuredPlace: row.jurisdiction,
  };
}

export function certificationView(row: CertificationRow, opts: { masked: boolean }): z.input<typeof certificationViewSchema> {
  const today = shanghaiDate(Date.now());
  const period = { start: row.periodStart, end: row.periodEnd };
  // The status as it stands today (a period already over is never 有效), and the recorded one.
  const standing = certificationStandingOn({ status: row.status, period, periods: historyOf(row).periods }, today);
  return {
    id: row.id,
    diseaseCode: row.diseaseCode,
    institutionCode: row.institutionCode,
    jurisdiction: row.jurisdiction,
    insuredPlace: row.jurisdiction,
    institutionCounty: row.institutionCounty,
    offsite: row.source === 'offsite_application',
    treatingHospital: (row.treatingHospital ?? null) as NonNullable<CertificationState['treatingHospital']> | null,
    person: { name: row.personName, idNumber: opts.masked ? maskIdNumber(row.idNumber) : row.idNumber },
    status: standing.status,
    statusName: standing.name,
    recordedStatus: row.status as CertificationStatus,
    period,
    windows: renewalWindows(row.periodEnd),
    renewal: renewalOffer({ status: row.status, period }, today),
    periods: row.periods,
    suspensions: row.suspensions,
    terminatedOn: row.terminatedOn,
    lapsedOn: row.lapsedOn,
    earlier: earlierOf(row).map((c) => ({
      status: c.status,
      periods: c.history.periods,
      terminatedOn: c.history.terminatedOn,
      lapsedOn: c.lapsedOn,
      institutionCode: c.institutionCode,
      treatingHospital: c.treatingHospital ?? null,
      source: c.source,
    })),
    source: row.source as CertificationState['source'],
    createdBy: row.createdBy,
    version: row.version,
  };
}

const certificationParams = z.object({ id: z.string().regex(/^special-disease:[0-9a-f]{16}:[A-Za-z0-9_-]{1,40}$/, '认定编号格式不正确') });

export const specialDiseaseRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    /** Loads a certification the actor may see (domain/access-policy.ts): 404 when absent, 403 (logged) otherwise. */
    async function visibleCertification(request: Parameters<RouteContext['logDenied']>[0], id: string) {
      const row = await prisma.certification.findUnique({ where: { id } });
      if (!row) throw new DomainError('NOT_FOUND', `没有编号为 ${id} 的门诊特定病种认定`);
      const ref = { jurisdiction: row.jurisdiction, institutionCode: row.institutionCode };
      await ctx.visibility.requireReadable(request, 'certification', ref, id);
      const masked = !showsFullIdNumber(request.actor!, 'certification', ref, 'detail');
      if (!masked) await ctx.visibility.fullIdNumberRead(request, row.personKey);
      return { row, masked };
    }

    /** 000 §15: only an institution qualified for the disease certifies or renews it. */
    async function requireQualified(diseaseCode: string, institutionCode: string, diseaseName = diseaseCode) {
      const qualified = await prisma.diseaseInstitution.findUnique({
        where: { diseaseCode_institutionCode: { diseaseCode, institutionCode } },
      });
      // and designated for special diseases in the register of designated facilities, active today (issue 17)
      const facility = await prisma.designatedFacility.findUnique({ where: { code: institutionCode } });
      if (!qualified || !facility?.active || !facility.services.includes('special_diseases')) {
        throw new DomainError('VALIDATION_FAILED', `${institutionCode} 不是 ${diseaseName} 的认定定点医院（000 §15）`, {
          field: 'institutionCode',
          ...(qualified
            ? { register: facility ? '定点医疗机构目录中未登记门诊特定病种服务或已停用' : '定点医疗机构目录中没有该机构' }
            : {}),
        });
      }
    }

    app.get(
      '/special-disease/diseases',
      {
        schema: {
          tags: ['special-disease'],
          response: {
            200: z.array(diseaseWithInstitutionsSchema),
          },
        },
      },
      async () => {
        const [diseases, institutions] = await Promise.all([
          prisma.specialDisease.findMany({ orderBy: { code: 'asc' } }),
          prisma.diseaseInstitution.findMany({ orderBy: [{ diseaseCode: 'asc' }, { institutionCode: 'asc' }] }),
        ]);
        return diseases.map((d) => ({
          ...d,
          updatedAt: d.updatedAt.toISOString(),
          institutions: institutions.filter((i) => i.diseaseCode === d.code),
        }));
      },
    );

    /** The certification period of a disease is a policy setting (000 §17 leaves it to the agency). */
    app.put(
      '/special-disease/diseases/:code',
      {
        schema: {
          tags: ['special-disease'],
          params: z.object({ code: z.string().min(1).max(40) }),
          body: z
            .object({ name: lineText(100), periodMonths: z.number().int().min(1).max(60), active: z.boolean().default(true) })
            .strict(),
          response: { 200: diseaseViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['admin'], '维护门诊特定病种目录（仅系统管理员）');
        const data = { ...request.body, updatedBy: actor.username, updatedAt: new Date() };
        const row = await prisma.specialDisease.upsert({
          where: { code: request.params.code },
          create: { code: request.params.code, ...data },
          update: data,
        });
        return { ...row, updatedAt: row.updatedAt.toISOString() };
      },
    );

    app.post(
      '/special-disease/certifications',
      {
        schema: {
          tags: ['special-disease'],
          body: createCertificationSchema,
          response: { 200: certificationViewSchema, 201: certificationViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(
          request,
          ['institution', 'window_clerk'],
          '登记门诊特定病种认定（定点医院推送或窗口受理异地申请）',
        );
        const body = request.body;
        const refused = registrationRefusal(body, actor);
        if (refused) throw refused;
        if (actor.role === 'institution' && body.institutionCode !== actor.institutionCode) {
          // 12.7: an institution certifies only under its own code (000 §15: the institution that diagnosed).
          const error = new DomainError(
            'ROLE_NOT_ALLOWED',
            `只能以本机构（${actor.institutionCode ?? '未登记机构编码'}）名义推送认定信息`,
            { institutionCode: body.institutionCode, actorInstitutionCode: actor.institutionCode ?? null },
          );
          await ctx.logDenied(request, error);
          throw error;
        }
        return idempotent(prisma, request, reply, actor, async () => {
          const disease = await prisma.specialDisease.findUnique({ where: { code: body.diseaseCode } });
          if (!disease || !disease.active) throw new DomainError('NOT_FOUND', `没有编码为 ${body.diseaseCode} 的门诊特定病种`);
          if (body.institutionCode) await requireQualified(body.diseaseCode, body.institutionCode, disease.name);
          const personKey = personKeyOf(body.person.idNumber);
          const id = certificationId(personKey, body.diseaseCode);
          const existing = await prisma.certification.findUnique({ where: { id } });
          if (existing && (existing.status === 'active' || existing.status === 'suspended')) {
            const seen = await visibleCertification(request, id);
            return { status: 200, body: certificationView(seen.row, { masked: seen.masked }) };
          }
          // After a lapse or termination only a new certification helps (000 §17): a new period in the
          // person's record, the earlier certifications carried forward for coverage on past dates.
          const earlier = existing ? [...earlierOf(existing), endedOf(existing)] : [];
          const today = shanghaiDate(Date.now());
          const period = periodFrom(body.periodStart ?? today, disease.periodMonths);
          const overlap = newCertificationRefusal(earlier, period.start);
          if (overlap) throw overlap;
          const state = openingCertificationState(
            newCertificationState({
              certificationId: id,
              personKey,
              // the workflow's input and history carry the person key, not the ID number (001 §26; issue 13 §11)
              person: { name: body.person.name },
              jurisdiction: body.insuredPlace ?? actor.jurisdiction,
              institutionCounty: actor.jurisdiction,
              diseaseCode: disease.code,
              diseaseName: disease.name,
              institutionCode: body.institutionCode ?? null,
              treatingHospital: body.treatingHospital ?? null,
              periodMonths: disease.periodMonths,
              source: actor.role === 'window_clerk' ? 'offsite_application' : 'institution',
              createdBy: actor,
              period,
              earlier,
              offsets: await currentNoticeOffsets(prisma),
              version: existing?.version ?? 0,
            }),
            today,
          );
          // The ended certification's run is finishing (or long finished); the new one is a new run of the same ID.
          if (existing)
            await temporal.workflow
              .getHandle(id)
              .result()
              .catch(() => undefined);
          await recordPerson(prisma, body.person.idNumber);
          const handle = await temporal.workflow.start(specialDiseaseCertification, {
            workflowId: id,
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'ALLOW_DUPLICATE',
            args: [{ state, recordCreation: true }],
          });
          await awaitOpening(handle, certificationOpenedUpdate);
          return {
            status: 201,
            body: certificationView(await prisma.certification.findUniqueOrThrow({ where: { id } }), { masked: false }),
          };
        });
      },
    );

    app.get(
      '/special-disease/certifications',
      {
        schema: {
          tags: ['special-disease'],
          querystring: z
            .object({
              status: z.enum(certificationStandings).optional(),
              diseaseCode: z.string().max(40).optional(),
              county: jurisdictionSchema.optional(),
              /** the supervision table's 在办: recorded as active or suspended (its count's filter) */
              open: z.enum(['true']).optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
              cursor: cursorSchema,
            })
            .strict(),
          response: { 200: keysetPageOf(certificationViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const scope = await ctx.visibility.listScope(request, 'certification', q.county);
        const where: Prisma.CertificationWhereInput = {
          jurisdiction: { in: [...scope.jurisdictions] },
          ...(scope.institutionCode ? { institutionCode: scope.institutionCode } : {}),
          ...(q.status ? standingWhere(q.status, shanghaiDate(Date.now())) : {}),
          ...(q.diseaseCode ? { diseaseCode: q.diseaseCode } : {}),
          ...(q.open ? { AND: [{ status: { in: ['active', 'suspended'] } }] } : {}),
        };
        refuseCursorWithPage(q);
        // keyset: the rows after the last one of the page before, in (periodEnd, id) order
        const after = q.cursor ? decodeKeyset(q.cursor, [/^\d{4}-\d{2}-\d{2}$/, /^.+$/]) : null;
        const pageWhere: Prisma.CertificationWhereInput = after
          ? { AND: [where, { OR: [{ periodEnd: { gt: after[0] } }, { periodEnd: after[0], id: { gt: after[1] } }] }] }
          : where;
        const [total, rows] = await Promise.all([
          prisma.certification.count({ where }),
          prisma.certification.findMany({
            where: pageWhere,
            orderBy: [{ periodEnd: 'asc' }, { id: 'asc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
        ]);
        return keysetAnswer(
          rows,
          q,
          total,
          (r) => certificationView(r, { masked: true }),
          (last) => encodeKeyset([last.periodEnd, last.id]),
        );
      },
    );

    app.get(
      '/special-disease/certifications/:id',
      {
        schema: {
          tags: ['special-disease'],
          params: certificationParams,
          response: {
            200: certificationViewSchema.extend({
              history: z.array(historyEventSchema),
              notices: z.array(
                z.object({
                  id: z.string(),
                  template: z.string(),
                  subject: z.string(),
                  createdAt: z.string(),
                  deliveries: z.array(
                    z.object({
                      channel: z.string(),
                      status: z.string(),
                      attempts: z.number().int(),
                      lastError: z.string().nullable(),
                      sentAt: z.string().nullable(),
                    }),
                  ),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const { row, masked } = await visibleCertification(request, request.params.id);
        const [history, notices] = await Promise.all([
          auditHistory(prisma, row.id),
          prisma.notice.findMany({ where: { caseId: row.id }, orderBy: { id: 'asc' }, include: { deliveries: true } }),
        ]);
        return {
          ...certificationView(row, { masked }),
          history,
          notices: notices.map((n) => ({
            id: String(n.id),
            template: n.template,
            subject: n.subject,
            createdAt: n.createdAt.toISOString(),
            deliveries: n.deliveries.map((d) => ({
              channel: d.channel,
              status: d.status,
              attempts: d.attempts,
              lastError: d.lastError,
              sentAt: d.sentAt?.toISOString() ?? null,
            })),
          })),
        };
      },
    );

    app.post(
      '/special-disease/certifications/:id/actions',
      {
        schema: {
          tags: ['special-disease'],
          params: certificationParams,
          body: certificationActionRequestSchema,
          response: { 200: certificationViewSchema },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        return idempotent(prisma, request, reply, request.actor!, async () => {
          const { row, masked } = await visibleCertification(request, id);
          const actor = request.actor!;
          const body = request.body;
          if (body.action === 'change_institution' && body.institutionCode) await requireQualified(row.diseaseCode, body.institutionCode);
          if (body.action === 'renew' && actor.role === 'institution') {
            // An institution renews as itself (12.7) and only when qualified for the disease (000 §15).
            if (body.institutionCode && body.institutionCode !== actor.institutionCode) {
              throw new DomainError('ROLE_NOT_ALLOWED', `只能以本机构（${actor.institutionCode ?? '未登记机构编码'}）名义办理续期`, {
                institutionCode: body.institutionCode,
                actorInstitutionCode: actor.institutionCode ?? null,
              });
            }
            const renewingBy = renewingInstitution(row, { ...body, actor });
            if (renewingBy) await requireQualified(row.diseaseCode, renewingBy);
          }
          // The insured place's agency acts (000 §16–§17); an institution renews from wherever it is (000 §15).
          const agency = actingJurisdiction(row, { action: body.action, actor }) ?? actor.jurisdiction;
          await sendDecision({
            ctx,
            temporal,
            request,
            workflowId: id,
            caseJurisdiction: agency,
            recordedVersion: row.version,
            update: certificationActUpdate,
            command: request.body,
            closedError: async () =>
              new DomainError(
                'CASE_CLOSED',
                `认定${certificationStatusNames[row.status as keyof typeof certificationStatusNames] ?? row.status}，不能再办理`,
                { status: row.status },
              ),
          });
          return { status: 200, body: certificationView(await prisma.certification.findUniqueOrThrow({ where: { id } }), { masked }) };
        });
      },
    );

    /**
     * "Is person X covered for disease Y on date D, and why" — for any date. A POST so that the ID
     * number travels in the body, never in a URL (request logs, proxies, the security-event table).
     */
    app.post(
      '/special-disease/coverage',
      {
        schema: {
          tags: ['special-disease'],
          body: z.object({ idNumber: idNumberSchema, diseaseCode: z.string().min(1).max(40), date: isoDateSchema }).strict(),
          response: { 200: coverageViewSchema },
        },
      },
      async (request) => {
        await ctx.requireRole(
          request,
          ['finance', 'institution', 'window_clerk', 'reviewer', 'approver', 'supervisor'],
          '查询门诊特定病种待遇',
        );
        const q = request.body;
        const personKey = personKeyOf(q.idNumber);
        const [row, episodes] = await Promise.all([
          prisma.certification.findUnique({ where: { id: certificationId(personKey, q.diseaseCode) } }),
          prisma.careEpisode.findMany({
            where: { personKey, openedOn: { not: null } },
            select: { id: true, kind: true, openedOn: true, closedOn: true },
          }),
        ]);
        if (!row) return { date: q.date, status: 'not_certified', covered: false, reason: '该参保人未认定此门诊特定病种' };
        // 000 §12: a family bed open on that day withholds payment, as POST /care/outpatient-payable answers.
        const spans = episodes.map((e) => ({ episodeId: e.id, kind: e.kind as CareKind, openedOn: e.openedOn!, closedOn: e.closedOn }));
        const histories = [...earlierOf(row).map((c) => c.history), historyOf(row)];
        return { date: q.date, certificationId: row.id, ...coverageWithCareEpisodes(personCoverageOn(histories, q.date), spans, q.date) };
      },
    );
  };
