/**
 * Policy settings the regulations leave to the agency. Each known key has its own schema; running
 * workflows read the value when they next need it (e.g. the review limit of a new application).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { CARE_REVIEW_DAYS_DEFAULT, CARE_REVIEW_DAYS_POLICY } from '../../activities/care-episode';
import { FUND_APPROVAL_DAYS_DEFAULT, FUND_APPROVAL_DAYS_POLICY } from '../../activities/fund';
import { NOTICE_OFFSETS_POLICY } from '../../activities/special-disease';
import { defaultNoticeOffsets, noticeOffsetsSchema } from '../../domain/special-disease';
import { DomainError } from '../../domain/errors';
import { appendAuditEvent, lockAuditLog, nextAuditSeq } from '../../activities/audit';
import type { RouteContext } from '../app';
import { type ChangeTelling, tellRunningWorkflows } from '../change-broadcast';

interface Policy {
  schema: z.ZodType;
  fallback: unknown;
  description: string;
  /**
   * Starts the process that tells the running workflows reading this policy (`changedAt`: the saved
   * row's time, the process's key); answers how many are running and the process's workflow ID.
   */
  onChange?: (ctx: RouteContext, changedAt: Date) => Promise<ChangeTelling>;
}

const policies: Record<string, Policy> = {
  [CARE_REVIEW_DAYS_POLICY]: {
    schema: z.number().int().min(1).max(60),
    fallback: CARE_REVIEW_DAYS_DEFAULT,
    description: '家庭病床/老年病区申请的经办审核时限（工作日）；规程未规定，由经办机构设定',
  },
  [NOTICE_OFFSETS_POLICY]: {
    schema: noticeOffsetsSchema,
    fallback: defaultNoticeOffsets,
    description:
      '门诊特定病种续期通知：窗口开启前提前天数（beforeWindowDays）、到期前提前天数（beforeExpiryDays）' +
      '与发送时段（startMinute：时段开始，自零点起的分钟数，默认 540 即 9:00；spreadMinutes：时段长度，默认 120 分钟，各通知在时段内错开发送）',
    // "Changing the offsets applies to running workflows": each re-plans its remaining notices.
    // Paged and durable (workflows/change-broadcast.ts), not inside this request: at 100,000
    // certifications the request held 100,000 signals, and one that failed was lost.
    onChange: (ctx, changedAt) => tellRunningWorkflows(ctx, { kind: 'notice_offsets' }, changedAt),
  },
  [FUND_APPROVAL_DAYS_POLICY]: {
    schema: z.number().int().min(1).max(60),
    fallback: FUND_APPROVAL_DAYS_DEFAULT,
    description: '预付款/周转金申请的财政部门审批时限（工作日）；001 未规定，用于提醒和督办',
  },
};

export const policyRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const known = (key: string) => {
      const p = policies[key];
      if (!p) throw new DomainError('NOT_FOUND', `没有名为 ${key} 的政策参数`, { known: Object.keys(policies) });
      return p;
    };

    app.get(
      '/policies',
      {
        schema: {
          tags: ['policies'],
          response: {
            200: z.array(
              z.object({
                key: z.string(),
                description: z.string(),
                value: z.unknown(),
                isDefault: z.boolean(),
                updatedBy: z.string().nullable(),
              }),
            ),
          },
        },
      },
      async () => {
        const rows = await ctx.prisma.policySetting.findMany();
        return Object.entries(policies).map(([key, p]) => {
          const row = rows.find((r) => r.key === key);
          return { key, description: p.description, value: row?.value ?? p.fallback, isDefault: !row, updatedBy: row?.updatedBy ?? null };
        });
      },
    );

    app.put(
      '/policies/:key',
      {
        schema: {
          tags: ['policies'],
          params: z.object({ key: z.string().min(1).max(100) }),
          body: z.object({ value: z.unknown(), reason: z.string().trim().min(1).max(500) }).strict(),
          response: {
            200: z.object({
              key: z.string(),
              value: z.unknown(),
              /** running workflows that read the policy: each is told by the process below, not by this request */
              runningWorkflows: z.number().int(),
              /** the process telling them (Temporal workflow ID), or null when no running workflow reads the policy */
              broadcastWorkflowId: z.string().nullable(),
            }),
          },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['admin'], '修改政策参数（仅系统管理员）');
        const policy = known(request.params.key);
        const parsed = policy.schema.safeParse(request.body.value);
        if (!parsed.success) {
          throw new DomainError('VALIDATION_FAILED', `参数值不符合要求：${parsed.error.issues[0]!.message}`, {
            issues: [{ path: 'body.value', message: parsed.error.issues[0]!.message }],
          });
        }
        const { key } = request.params;
        const auditCase = `policy:${key}`;
        const changedAt = await ctx.prisma.$transaction(async (tx) => {
          // Two administrators changing one policy: the second waits, and its audit line follows the first.
          await lockAuditLog(tx, auditCase);
          const before = await tx.policySetting.findUnique({ where: { key } });
          // The same value again (a repeated request): nothing is written, and the change it repeats is
          // the one told below (its process is started only if the first request could not start it).
          if (before && isDeepStrictEqual(before.value, parsed.data)) return before.updatedAt;
          const changedAt = new Date();
          await tx.policySetting.upsert({
            where: { key },
            create: { key, value: parsed.data as object, updatedBy: actor.username, updatedAt: changedAt },
            update: { value: parsed.data as object, updatedBy: actor.username, updatedAt: changedAt },
          });
          await appendAuditEvent<{ value: unknown }>(
            tx,
            auditCase,
            {
              seq: await nextAuditSeq(tx, auditCase),
              at: changedAt.toISOString(),
              actor,
              action: 'policy_changed',
              reason: request.body.reason,
              before: { value: before ? before.value : policy.fallback },
            },
            (s) => s,
            { value: parsed.data },
          );
          return changedAt;
        });
        // Saved first: the running workflows re-read the saved value when told. Should the start fail
        // (Temporal down: 503), the repeated PUT starts it.
        const told = policy.onChange ? await policy.onChange(ctx, changedAt) : { runningWorkflows: 0, broadcastWorkflowId: null };
        request.log.info({ key, value: parsed.data, actor: actor.username, reason: request.body.reason, ...told }, 'policy changed');
        return { key, value: parsed.data, ...told };
      },
    );
  };
