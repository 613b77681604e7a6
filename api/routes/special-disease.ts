/**
 * Outpatient special-disease certifications (门诊特定病种, 000 §15–§18; item 26): an institution's
 * push or a clerk's off-site registration, renewals and the clerk actions of item 26, the coverage
 * question for any date, and the administrable disease list.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type CertificationState, certificationActionRequestSchema, certificationId, certificationStatusNames, certificationStatuses,
  createCertificationSchema,
} from '../../domain/certification';
import { isoDateSchema, shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { lineText, pageSchema, pageSizeSchema } from '../../domain/primitives';
import { showsFullIdNumber } from '../../domain/access-policy';
import { jurisdictionSchema, maskIdNumber } from '../../domain/people';
import type { CareKind } from '../../domain/care-episode';
import { type CertificationHistory, coverageOn, coverageWithCareEpisodes, periodFrom, renewalWindows } from '../../domain/special-disease';
import type { Prisma } from '../../generated/prisma/client';
import { currentNoticeOffsets } from '../../activities/special-disease';
import {
  certificationActUpdate, certificationOpenedUpdate, specialDiseaseCertification,
} from '../../workflows/special-disease-certification';
import type { RouteContext } from '../app';
import { sendDecision } from '../decisions';
import { auditHistory } from '../history';
import { idempotent } from '../idempotency';
import { personKeyOf } from './care';
import { idNumberSchema } from '../../domain/id-number';

type CertificationRow = Prisma.CertificationGetPayload<object>;

function historyOf(row: CertificationRow): CertificationHistory {
  return {
    periods: row.periods as unknown as CertificationHistory['periods'],
    suspensions: row.suspensions as unknown as CertificationHistory['suspensions'],
    terminatedOn: row.terminatedOn,
  };
}

export function certificationView(row: CertificationRow, opts: { masked: boolean }) {
  return {
    id: row.id, diseaseCode: row.diseaseCode, institutionCode: row.institutionCode, jurisdiction: row.jurisdiction,
    person: { name: row.personName, idNumber: opts.masked ? maskIdNumber(row.idNumber) : row.idNumber },
    status: row.status, statusName: certificationStatusNames[row.status as keyof typeof certificationStatusNames],
    period: { start: row.periodStart, end: row.periodEnd }, windows: renewalWindows(row.periodEnd),
    periods: row.periods, suspensions: row.suspensions, terminatedOn: row.terminatedOn, lapsedOn: row.lapsedOn,
    source: row.source, createdBy: row.createdBy, version: row.version,
  };
}

const certificationParams = z.object({ id: z.string().regex(/^special-disease:[0-9a-f]{16}:[A-Za-z0-9_-]{1,40}$/, '认定编号格式不正确') });

export const specialDiseaseRoutes = (ctx: RouteContext): FastifyPluginAsyncZod => async (app) => {
  const { prisma, temporal, taskQueue } = ctx;

  /** Loads a certification the actor may see (domain/access-policy.ts): 404 when absent, 403 (logged) otherwise. */
  async function visibleCertification(request: Parameters<RouteContext['logDenied']>[0], id: string) {
    const row = await prisma.certification.findUnique({ where: { id } });
    if (!row) throw new DomainError('NOT_FOUND', `没有编号为 ${id} 的门诊特定病种认定`);
    const ref = { jurisdiction: row.jurisdiction, institutionCode: row.institutionCode };
    await ctx.visibility.requireReadable(request, 'certification', ref, id);
    return { row, masked: !showsFullIdNumber(request.actor!, 'certification', ref, 'detail') };
  }

  app.get('/special-disease/diseases', { schema: { tags: ['special-disease'] } }, async () => {
    const [diseases, institutions] = await Promise.all([
      prisma.specialDisease.findMany({ orderBy: { code: 'asc' } }),
      prisma.diseaseInstitution.findMany({ orderBy: [{ diseaseCode: 'asc' }, { institutionCode: 'asc' }] }),
    ]);
    return diseases.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString(), institutions: institutions.filter((i) => i.diseaseCode === d.code) }));
  });

  /** The certification period of a disease is a policy setting (000 §17 leaves it to the agency). */
  app.put('/special-disease/diseases/:code', {
    schema: {
      tags: ['special-disease'], params: z.object({ code: z.string().min(1).max(40) }),
      body: z.object({ name: lineText(100), periodMonths: z.number().int().min(1).max(60), active: z.boolean().default(true) }).strict(),
    },
  }, async (request) => {
    const actor = await ctx.requireRole(request, ['admin'], '维护门诊特定病种目录（仅系统管理员）');
    const data = { ...request.body, updatedBy: actor.username, updatedAt: new Date() };
    const row = await prisma.specialDisease.upsert({ where: { code: request.params.code }, create: { code: request.params.code, ...data }, update: data });
    return { ...row, updatedAt: row.updatedAt.toISOString() };
  });

  app.post('/special-disease/certifications', { schema: { tags: ['special-disease'], body: createCertificationSchema } }, async (request, reply) => {
    const actor = await ctx.requireRole(request, ['institution', 'window_clerk'], '登记门诊特定病种认定（定点医院推送或窗口受理异地申请）');
    const body = request.body;
    if (actor.role === 'window_clerk' && !body.offsiteDocuments) {
      throw new DomainError('VALIDATION_FAILED', '窗口受理异地申请须核验身份证件、申请表和病历或检查报告（000 §16）', { field: 'offsiteDocuments' });
    }
    if (actor.role === 'institution' && body.institutionCode !== actor.institutionCode) {
      // 12.7: an institution certifies only under its own code (000 §15: the institution that diagnosed).
      const error = new DomainError('ROLE_NOT_ALLOWED', `只能以本机构（${actor.institutionCode ?? '未登记机构编码'}）名义推送认定信息`,
        { institutionCode: body.institutionCode, actorInstitutionCode: actor.institutionCode ?? null });
      await ctx.logDenied(request, error);
      throw error;
    }
    return idempotent(prisma, request, reply, actor, async () => {
      const disease = await prisma.specialDisease.findUnique({ where: { code: body.diseaseCode } });
      if (!disease || !disease.active) throw new DomainError('NOT_FOUND', `没有编码为 ${body.diseaseCode} 的门诊特定病种`);
      const qualified = await prisma.diseaseInstitution.findUnique({ where: { diseaseCode_institutionCode: { diseaseCode: body.diseaseCode, institutionCode: body.institutionCode } } });
      if (!qualified) {
        throw new DomainError('VALIDATION_FAILED', `${body.institutionCode} 不是 ${disease.name} 的认定定点医院（000 §15）`, { field: 'institutionCode' });
      }
      const personKey = personKeyOf(body.person.idNumber);
      const id = certificationId(personKey, body.diseaseCode);
      const existing = await prisma.certification.findUnique({ where: { id } });
      if (existing && (existing.status === 'active' || existing.status === 'suspended')) {
        const seen = await visibleCertification(request, id);
        return { status: 200, body: certificationView(seen.row, { masked: seen.masked }) };
      }
      const period = periodFrom(body.periodStart ?? shanghaiDate(Date.now()), disease.periodMonths);
      const state: CertificationState = {
        certificationId: id, personKey, person: body.person, jurisdiction: actor.jurisdiction,
        diseaseCode: disease.code, diseaseName: disease.name, institutionCode: body.institutionCode, periodMonths: disease.periodMonths,
        source: body.offsiteDocuments ? 'offsite_application' : 'institution', createdBy: actor, status: 'active', period,
        history: { periods: [period], suspensions: [], terminatedOn: null }, lapsedOn: null, noticesDone: [],
        offsets: await currentNoticeOffsets(prisma), renewals: 0, version: 0,
      };
      // A lapsed or terminated certification may be replaced by a new one (000 §17: only a new certification helps).
      const handle = await temporal.workflow.start(specialDiseaseCertification, {
        workflowId: id, taskQueue, workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        args: [{ state, recordCreation: true }],
      });
      await handle.executeUpdate(certificationOpenedUpdate);
      return { status: 201, body: certificationView(await prisma.certification.findUniqueOrThrow({ where: { id } }), { masked: false }) };
    });
  });

  app.get('/special-disease/certifications', {
    schema: {
      tags: ['special-disease'],
      querystring: z.object({
        status: z.enum(certificationStatuses).optional(), diseaseCode: z.string().max(40).optional(), county: jurisdictionSchema.optional(),
        page: pageSchema, pageSize: pageSizeSchema,
      }).strict(),
    },
  }, async (request) => {
    const q = request.query;
    const scope = await ctx.visibility.listScope(request, 'certification', q.county);
    const where: Prisma.CertificationWhereInput = {
      jurisdiction: { in: [...scope.jurisdictions] },
      ...(scope.institutionCode ? { institutionCode: scope.institutionCode } : {}),
      ...(q.status ? { status: q.status } : {}), ...(q.diseaseCode ? { diseaseCode: q.diseaseCode } : {}),
    };
    const [total, rows] = await Promise.all([
      prisma.certification.count({ where }),
      prisma.certification.findMany({ where, orderBy: [{ periodEnd: 'asc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    return { total, page: q.page, pageSize: q.pageSize, items: rows.map((r) => certificationView(r, { masked: true })) };
  });

  app.get('/special-disease/certifications/:id', { schema: { tags: ['special-disease'], params: certificationParams } }, async (request) => {
    const { row, masked } = await visibleCertification(request, request.params.id);
    const [history, notices] = await Promise.all([
      auditHistory(prisma, row.id),
      prisma.notice.findMany({ where: { caseId: row.id }, orderBy: { id: 'asc' }, include: { deliveries: true } }),
    ]);
    return {
      ...certificationView(row, { masked }),
      history,
      notices: notices.map((n) => ({
        id: String(n.id), template: n.template, subject: n.subject, createdAt: n.createdAt.toISOString(),
        deliveries: n.deliveries.map((d) => ({ channel: d.channel, status: d.status, attempts: d.attempts, lastError: d.lastError, sentAt: d.sentAt?.toISOString() ?? null })),
      })),
    };
  });

  app.post('/special-disease/certifications/:id/actions', {
    schema: { tags: ['special-disease'], params: certificationParams, body: certificationActionRequestSchema },
  }, async (request, reply) => {
    const id = request.params.id;
    return idempotent(prisma, request, reply, request.actor!, async () => {
      const { row, masked } = await visibleCertification(request, id);
      if (request.body.action === 'change_institution') {
        const qualified = await prisma.diseaseInstitution.findUnique({ where: { diseaseCode_institutionCode: { diseaseCode: row.diseaseCode, institutionCode: request.body.institutionCode ?? '' } } });
        if (!qualified) throw new DomainError('VALIDATION_FAILED', `${request.body.institutionCode ?? '（未填写）'} 不是该病种的认定定点医院`, { field: 'institutionCode' });
      }
      await sendDecision({
        ctx, temporal, request, workflowId: id, caseJurisdiction: row.jurisdiction, update: certificationActUpdate, command: request.body,
        closedError: async () => new DomainError('CASE_CLOSED', `认定${certificationStatusNames[row.status as keyof typeof certificationStatusNames] ?? row.status}，不能再办理`, { status: row.status }),
      });
      return { status: 200, body: certificationView(await prisma.certification.findUniqueOrThrow({ where: { id } }), { masked }) };
    });
  });

  /**
   * "Is person X covered for disease Y on date D, and why" — for any date. A POST so that the ID
   * number travels in the body, never in a URL (request logs, proxies, the security-event table).
   */
  app.post('/special-disease/coverage', {
    schema: {
      tags: ['special-disease'],
      body: z.object({ idNumber: idNumberSchema, diseaseCode: z.string().min(1).max(40), date: isoDateSchema }).strict(),
    },
  }, async (request) => {
    await ctx.requireRole(request, ['finance', 'institution', 'window_clerk', 'reviewer', 'approver', 'supervisor'], '查询门诊特定病种待遇');
    const q = request.body;
    const personKey = personKeyOf(q.idNumber);
    const [row, episodes] = await Promise.all([
      prisma.certification.findUnique({ where: { id: certificationId(personKey, q.diseaseCode) } }),
      prisma.careEpisode.findMany({ where: { personKey, openedOn: { not: null } }, select: { id: true, kind: true, openedOn: true, closedOn: true } }),
    ]);
    if (!row) return { date: q.date, status: 'not_certified', covered: false, reason: '该参保人未认定此门诊特定病种' };
    // 000 §12: a family bed open on that day withholds payment, as POST /care/outpatient-payable answers.
    const spans = episodes.map((e) => ({ episodeId: e.id, kind: e.kind as CareKind, openedOn: e.openedOn!, closedOn: e.closedOn }));
    return { date: q.date, certificationId: row.id, ...coverageWithCareEpisodes(coverageOn(historyOf(row), q.date), spans, q.date) };
  });
};
