/**
 * Policy settings the regulations leave to the agency. Each known key has its own schema; running
 * workflows read the value when they next need it (e.g. the review limit of a new application).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CARE_REVIEW_DAYS_DEFAULT, CARE_REVIEW_DAYS_POLICY } from '../../activities/care-episode';
import { FUND_APPROVAL_DAYS_DEFAULT, FUND_APPROVAL_DAYS_POLICY } from '../../activities/fund';
import { NOTICE_OFFSETS_POLICY } from '../../activities/special-disease';
import { defaultNoticeOffsets, noticeOffsetsSchema } from '../../domain/special-disease';
import { noticeOffsetsChangedSignal } from '../../workflows/special-disease-certification';
import { DomainError } from '../../domain/errors';
import type { RouteContext } from '../app';

interface Policy {
  schema: z.ZodType;
  fallback: unknown;
  description: string;
  /** tells running workflows that read this policy; returns how many were told */
  onChange?: (ctx: RouteContext) => Promise<number>;
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
    onChange: async (ctx) => {
      const running = await ctx.prisma.certification.findMany({ where: { status: { in: ['active', 'suspended'] } }, select: { id: true } });
      const told = await Promise.allSettled(running.map((c) => ctx.temporal.workflow.getHandle(c.id).signal(noticeOffsetsChangedSignal)));
      return told.filter((t) => t.status === 'fulfilled').length;
    },
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
          response: { 200: z.object({ key: z.string(), value: z.unknown(), workflowsTold: z.number().int() }) },
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
        await ctx.prisma.policySetting.upsert({
          where: { key: request.params.key },
          create: { key: request.params.key, value: parsed.data as object, updatedBy: actor.username, updatedAt: new Date() },
          update: { value: parsed.data as object, updatedBy: actor.username, updatedAt: new Date() },
        });
        const workflowsTold = policy.onChange ? await policy.onChange(ctx) : 0;
        request.log.info(
          { key: request.params.key, value: parsed.data, actor: actor.username, reason: request.body.reason, workflowsTold },
          'policy changed',
        );
        return { key: request.params.key, value: parsed.data, workflowsTold };
      },
    );
  };
