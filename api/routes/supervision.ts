/**
 * The supervisor's view: open work and deadline breaches per county and process, over the read
 * models. A county supervisor sees their county; municipal supervisors and administrators see all.
 */
import { nextAuditSeq } from '../../activities/audit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chineseDate, writeNotice } from '../../activities/notices';
import { readableJurisdictions } from '../../domain/access-policy';
import { episodeStatusNames } from '../../domain/care-process';
import { shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { type Jurisdiction, type Role, jurisdictionNames } from '../../domain/people';
import { urgeRequestSchema } from '../../domain/supervision';
import { type ClerkStep, stepNames, stepRoles } from '../../domain/service-case';
import { startDeliveryWorkflow } from '../../activities/notices';
import { idempotent } from '../idempotency';
import { processes } from '../../domain/processes';
import type { RouteContext } from '../app';
import { supervisionSummarySchema, urgeViewSchema } from '../../domain/views/supervision';

/** The titles come from the process registry; `certification` is the special-disease process's key in this view. */
export const processNames = {
  service_case: processes.service_case.title,
  care_episode: processes.care_episode.title,
  fund_request: processes.fund_request.title,
  certification: processes.special_disease.title,
};

type GroupCount = Record<string, unknown> & { _count: { _all: number } };
type CountingModel = { groupBy(args: object): Promise<GroupCount[]> };

/**
 * The counts of every process whose registry entry declares them (domain/processes.ts `supervision`),
 * per county, read from its read model by the columns the entry names: no process list here.
 */
async function registryCounts(prisma: RouteContext['prisma'], counties: Jurisdiction[]) {
  const supervised = Object.values(processes).flatMap((p) => (p.supervision ? [{ process: p, counting: p.supervision }] : []));
  return Promise.all(
    supervised.map(async ({ process, counting }) => {
      const model = (prisma as unknown as Record<string, CountingModel>)[process.readModel.table]!;
      const by = process.readModel.jurisdiction;
      const inScope = { [by]: { in: counties } };
      const group = async (where: object) => {
        const rows = await model.groupBy({ by: [by], where: { ...inScope, ...where }, _count: { _all: true } });
        return new Map(rows.map((r) => [r[by] as Jurisdiction, r._count._all]));
      };
      const [open, breached] = await Promise.all([
        group(counting.open === 'open_statuses' ? { status: { in: [...process.openStatuses] } } : {}),
        counting.breachedColumn ? group({ [counting.breachedColumn]: { not: null } }) : Promise.resolve(new Map<Jurisdiction, number>()),
      ]);
      return { process, counting, open, breached };
    }),
  );
}

export const supervisionRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    app.get('/supervision/summary', { schema: { tags: ['supervision'], response: { 200: supervisionSummarySchema } } }, async (request) => {
      const actor = await ctx.requireRole(request, ['supervisor', 'admin'], '查看督办统计（仅监督人员或管理员）');
      const counties = [...readableJurisdictions(actor, 'service_case')];
      const now = new Date();
      const [cases, overdueCases, breachedCases, episodes, breachedEpisodes, fundOpen, fundLate, certs] = await Promise.all([
        prisma.serviceCase.groupBy({
          by: ['jurisdiction'],
          where: { status: 'open', jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.serviceCase.groupBy({
          by: ['jurisdiction'],
          where: { status: 'open', dueAt: { lte: now }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.serviceCase.groupBy({
          by: ['jurisdiction'],
          where: { breachedAt: { not: null }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.careEpisode.groupBy({
          by: ['jurisdiction'],
          where: { status: { in: ['under_review', 'panel_review'] }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.careEpisode.groupBy({
          by: ['jurisdiction'],
          where: { reviewBreachedAt: { not: null }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.fundRequest.groupBy({
          by: ['agency'],
          where: { status: { not: 'approved' }, agency: { in: counties } },
          _count: { _all: true },
        }),
        prisma.fundRequest.groupBy({
          by: ['agency'],
          where: { OR: [{ late: true }, { breachedAt: { not: null } }], agency: { in: counties } },
          _count: { _all: true },
        }),
        prisma.certification.groupBy({
          by: ['jurisdiction'],
          where: { status: { in: ['active', 'suspended'] }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
      ]);
      const count = (rows: { _count: { _all: number } }[], pick: (r: never) => Jurisdiction, county: Jurisdiction) =>
        rows.find((r) => pick(r as never) === county)?._count._all ?? 0;
      const byJurisdiction = (r: { jurisdiction: Jurisdiction }) => r.jurisdiction;
      const byAgency = (r: { agency: Jurisdiction }) => r.agency;
      const registered = await registryCounts(prisma, counties);
      return {
        asOf: now.toISOString(),
        processes: { ...processNames, ...Object.fromEntries(registered.map((r) => [r.process.name, r.process.title])) },
        counties: counties.map((county) => ({
          county,
          service_case: {
            open: count(cases, byJurisdiction, county),
            overdue: count(overdueCases, byJurisdiction, county),
            breached: count(breachedCases, byJurisdiction, county),
          },
          care_episode: { open: count(episodes, byJurisdiction, county), breached: count(breachedEpisodes, byJurisdiction, county) },
          fund_request: { open: count(fundOpen, byAgency, county), breached: count(fundLate, byAgency, county) },
          certification: { open: count(certs, byJurisdiction, county), breached: 0 },
          registered: Object.fromEntries(
            registered.map((r) => [r.process.name, { open: r.open.get(county) ?? 0, breached: r.breached.get(county) ?? 0 }]),
          ),
        })),
        columns: Object.fromEntries(
          registered.map((r) => [r.process.name, { open: r.counting.openLabel, breached: r.counting.breachedColumn !== null }]),
        ),
      };
    });

    /**
     * 督办 (urge): a supervisor presses the person an open service case or care episode waits on —
     * its assignee, or (none yet) the users of the role its step waits on in its jurisdiction. The
     * urge is audited under `urge:<record>` (the record's own sequence belongs to its workflow), and
     * each recipient gets a staff notification and a notice through the outbox (template
     * supervision.urge), in one transaction. A supervisor urges only within their oversight.
     */
    app.post(
      '/supervision/urge',
      {
        schema: {
          tags: ['supervision'],
          body: urgeBodySchema,
          headers: z.object({ 'idempotency-key': z.string().optional() }).passthrough(),
          response: { 201: urgeViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['supervisor', 'admin'], '督办（仅监督人员或管理员）');
        const { recordId, note } = request.body;
        return idempotent(prisma, request, reply, actor, async () => {
          const target = await urgeTarget(recordId);
          const process = target.process;
          if (!readableJurisdictions(actor, process).includes(target.jurisdiction)) {
            const error = new DomainError(
              'OUT_OF_JURISDICTION',
              `该办件属于${jurisdictionNames[target.jurisdiction]}，不在您的督办范围内`,
              {
                jurisdiction: target.jurisdiction,
                actorJurisdiction: actor.jurisdiction,
              },
            );
            await ctx.logDenied(request, error, recordId);
            throw error;
          }
          if (!target.open) {
            throw new DomainError('CASE_WRONG_STATE', `该办件当前为「${target.statusName}」，不是待办件，无需督办`, {
              status: target.status,
            });
          }
          const recipients = target.assignee
            ? [target.assignee]
            : (
                await prisma.user.findMany({
                  where: { role: { in: [...target.roles] }, jurisdiction: target.jurisdiction, disabledAt: null },
                  select: { username: true },
                  orderBy: { username: 'asc' },
                })
              ).map((u) => u.username);
          if (!recipients.length) {
            throw new DomainError('NOT_FOUND', `${jurisdictionNames[target.jurisdiction]}没有可督办的经办人员`, { roles: target.roles });
          }
          const auditCase = `urge:${recordId}`;
          const now = new Date();
          const written = await prisma.$transaction(async (tx) => {
            const seq = await nextAuditSeq(tx, auditCase);
            await tx.auditEvent.create({
              data: {
                caseId: auditCase,
                seq,
                at: now,
                actor: actor.username,
                actorRole: actor.role,
                office: actor.jurisdiction,
                action: 'urge',
                reason: note,
                after: { recordId, recipients, status: target.status },
              },
            });
            const message = `督办：${target.title}（${target.label}），${target.due}。督办意见：${note}`;
            await tx.notification.createMany({
              data: recipients.map((recipient) => ({
                sourceKey: `${auditCase}:${seq}:${recipient}`,
                recipient,
                caseId: recordId,
                kind: 'urge',
                message,
                createdAt: now,
              })),
              skipDuplicates: true,
            });
            const notices = [];
            for (const recipient of recipients) {
              notices.push(
                await writeNotice(tx, {
                  sourceKey: `${auditCase}:${seq}:${recipient}`,
                  // a staff member, not an insured person: the key names the user (their contact, if registered)
                  personKey: `staff:${recipient}`,
                  jurisdiction: target.jurisdiction,
                  caseId: recordId,
                  template: 'supervision.urge',
                  params: {
                    recipient,
                    what: target.title,
                    label: target.label,
                    due: target.due,
                    by: actor.username,
                    office: jurisdictionNames[actor.jurisdiction],
                    on: chineseDate(shanghaiDate(now.getTime())),
                    note,
                  },
                }),
              );
            }
            return { seq, notices };
          });
          for (const n of written.notices.filter((x) => x.channels.length)) {
            await startDeliveryWorkflow(ctx.temporal, ctx.taskQueue, n);
          }
          request.log.info({ recordId, recipients, actor: actor.username }, 'urged');
          return {
            status: 201,
            body: { recordId, urgedAt: now.toISOString(), recipients, noticeIds: written.notices.map((n) => n.noticeId), seq: written.seq },
          };
        });
      },
    );

    /** The record an urge is about, with who its work waits on. */
    async function urgeTarget(recordId: string) {
      if (recordId.startsWith('service-case:')) {
        const row = await prisma.serviceCase.findUnique({ where: { id: recordId } });
        if (!row) throw new DomainError('NOT_FOUND', `没有编号为 ${recordId} 的案件`);
        const step = row.pendingStep as ClerkStep | null;
        return {
          process: 'service_case' as const,
          jurisdiction: row.jurisdiction,
          status: row.status,
          statusName: row.status === 'open' ? '办理中' : '已办结',
          open: row.status === 'open',
          assignee: row.assignee,
          roles: step ? stepRoles[step] : ([] as readonly Role[]),
          title: `案件 ${row.applicationNo}${step ? `「${stepNames[step]}」环节` : ''}`,
          label: recordId,
          due: row.dueDate ? `办理期限 ${row.dueDate}` : '尚无办理期限',
        };
      }
      if (recordId.startsWith('care-episode:')) {
        const row = await prisma.careEpisode.findUnique({ where: { id: recordId } });
        if (!row) throw new DomainError('NOT_FOUND', `没有编号为 ${recordId} 的家庭病床/老年病区档案`);
        const status = row.status as keyof typeof episodeStatusNames;
        return {
          process: 'care_episode' as const,
          jurisdiction: row.jurisdiction,
          status: row.status,
          statusName: episodeStatusNames[status],
          open: status === 'under_review' || status === 'panel_review',
          assignee: null,
          roles: (status === 'panel_review' ? ['expert_panel'] : ['reviewer', 'approver']) as readonly Role[],
          title: `${row.kind === 'family_bed' ? '家庭病床' : '老年病区'}申请 ${row.applicationNo}`,
          label: recordId,
          due: row.reviewDueDate ? `审核期限 ${row.reviewDueDate}` : '尚无审核期限',
        };
      }
      throw new DomainError('VALIDATION_FAILED', '只能督办服务事项案件或家庭病床/老年病区申请', {
        issues: [{ path: 'body.recordId', message: '办件编号应以 service-case: 或 care-episode: 开头' }],
      });
    }
  };

const urgeBodySchema = urgeRequestSchema;
