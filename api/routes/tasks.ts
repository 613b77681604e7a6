/**
 * The one work queue (issue 18): GET /tasks across every process of the registry (store/tasks.ts),
 * claiming a task, releasing it, a supervisor's (re)assignment, and comments on any record, each
 * kept in the record's history (CaseActivity beside the audit trail).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readScope } from '../../domain/access-policy';
import { shanghaiDate } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { jurisdictionNames, roleNames } from '../../domain/people';
import { multilineText } from '../../domain/primitives';
import { processes } from '../../domain/processes';
import { decodeCursor, encodeCursor, taskQuerySchema } from '../../domain/tasks';
import { commentViewSchema, taskClaimViewSchema, taskPageSchema } from '../../domain/views/tasks';
import { currentTask, queryTasks, taskSources } from '../../store/tasks';
import type { RouteContext } from '../app';
import { displayNames } from '../history';
import { visibleRecord } from '../records';

const recordParams = z.object({ id: z.string().min(3).max(200) });

export const taskRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    /** The record's current task, which the actor must be able to see (404/403 otherwise; 409 when nothing waits). */
    async function taskOf(request: FastifyRequest, id: string) {
      const record = await visibleRecord(ctx, request, id);
      const task = await currentTask(prisma, id);
      if (!task) throw new DomainError('NO_TASK', '该办件当前没有待办环节，无需认领或改派', { id });
      return { record, task, stage: task.source.stages[task.row.stage]! };
    }

    async function activity(
      request: FastifyRequest,
      recordId: string,
      data: { kind: string; stage?: string; text?: string; before?: string | null; after?: string | null },
    ) {
      const actor = request.actor!;
      return prisma.caseActivity.create({
        data: {
          recordId,
          kind: data.kind,
          actor: actor.username,
          actorRole: actor.role,
          office: actor.jurisdiction,
          at: new Date(),
          text: data.text ?? null,
          stage: data.stage ?? null,
          assigneeBefore: data.before ?? null,
          assigneeAfter: data.after ?? null,
        },
      });
    }

    async function claimView(id: string, stage: string) {
      const claim = await prisma.taskClaim.findUnique({ where: { recordId: id } });
      const held = claim && claim.stage === stage ? claim : null;
      const names = held ? await displayNames(prisma, [held.assignee]) : new Map<string, string>();
      return {
        id,
        stage,
        assignee: held?.assignee ?? null,
        assigneeName: held ? (names.get(held.assignee) ?? null) : null,
        assignedAt: held?.assignedAt.toISOString() ?? null,
      };
    }

    app.get('/tasks', { schema: { tags: ['tasks'], querystring: taskQuerySchema, response: { 200: taskPageSchema } } }, async (request) => {
      const actor = request.actor!;
      const query = request.query;
      if (query.process && !(query.process in processes)) {
        throw new DomainError('VALIDATION_FAILED', `没有名为 ${query.process} 的业务`, {
          issues: [{ path: 'process', message: '未知业务' }],
        });
      }
      const cursor = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !cursor) {
        throw new DomainError('VALIDATION_FAILED', '翻页位置无效，请从第一页重新查询', { issues: [{ path: 'cursor', message: '无效' }] });
      }
      if (query.county && !taskSources(actor).some((t) => t.scope.jurisdictions.includes(query.county!))) {
        const error = new DomainError('OUT_OF_JURISDICTION', `不能查看${jurisdictionNames[query.county]}的待办`, {
          requested: query.county,
        });
        await ctx.logDenied(request, error);
        throw error;
      }
      const institutionUsers = actor.institutionCode ? await ctx.visibility.usersOfInstitution(actor.institutionCode) : undefined;
      const today = shanghaiDate(Date.now());
      const page = await queryTasks(prisma, { actor, query, institutionUsers, today }, cursor);
      const names = await displayNames(
        prisma,
        page.items.flatMap((t) => (t.assignee ? [t.assignee] : [])),
      );
      return {
        total: page.total,
        overdue: page.overdue,
        pageSize: query.pageSize,
        nextCursor: page.next ? encodeCursor(page.next) : null,
        items: page.items.map((t) => {
          const process = processes[t.process];
          const stage = process.tasks!.stages[t.stage];
          return {
            ...t,
            processTitle: process.title,
            path: `${process.apiPath}/${encodeURIComponent(t.id)}`,
            stageName: stage?.name ?? t.stage,
            roles: [...(stage?.roles ?? [])],
            overdue: t.dueDate !== null && t.dueDate < today,
            assigneeName: t.assignee ? (names.get(t.assignee) ?? null) : null,
            assignedAt: t.assignedAt ? new Date(t.assignedAt).toISOString() : null,
          };
        }),
      };
    });

    app.get(
      '/tasks/:id',
      { schema: { tags: ['tasks'], params: recordParams, response: { 200: taskClaimViewSchema } } },
      async (request) => {
        const { task } = await taskOf(request, request.params.id);
        return claimView(request.params.id, task.row.stage);
      },
    );

    app.post(
      '/tasks/:id/claim',
      { schema: { tags: ['tasks'], params: recordParams, response: { 200: taskClaimViewSchema } } },
      async (request) => {
        const actor = request.actor!;
        const id = request.params.id;
        const { task, stage } = await taskOf(request, id);
        if (!stage.roles.includes(actor.role)) {
          const error = new DomainError(
            'ROLE_NOT_ALLOWED',
            `「${stage.name}」环节由${stage.roles.map((r) => roleNames[r]).join('或')}办理，您不能认领`,
            {
              requiredRoles: stage.roles,
              role: actor.role,
            },
          );
          await ctx.logDenied(request, error, id);
          throw error;
        }
        if (task.row.jurisdiction !== actor.jurisdiction) {
          const error = new DomainError('OUT_OF_JURISDICTION', '只能认领本辖区的待办', { recordJurisdiction: task.row.jurisdiction });
          await ctx.logDenied(request, error, id);
          throw error;
        }
        // One statement decides between two people claiming at once: a claim of an earlier stage is replaced, a live one kept.
        const won = await prisma.$queryRaw<{ assignee: string }[]>`
        INSERT INTO "TaskClaim" ("recordId", "process", "stage", "assignee", "assignedBy", "assignedAt")
        VALUES (${id}, ${task.process.name}, ${task.row.stage}, ${actor.username}, ${actor.username}, now())
        ON CONFLICT ("recordId") DO UPDATE SET "stage" = EXCLUDED."stage", "assignee" = EXCLUDED."assignee",
          "assignedBy" = EXCLUDED."assignedBy", "assignedAt" = EXCLUDED."assignedAt", "process" = EXCLUDED."process"
          WHERE "TaskClaim"."stage" <> EXCLUDED."stage"
        RETURNING "assignee"`;
        if (!won.length) {
          const held = await claimView(id, task.row.stage);
          if (held.assignee === actor.username) return held;
          throw new DomainError('TASK_ALREADY_CLAIMED', `该待办已由 ${held.assigneeName ?? held.assignee} 认领`, {
            assignee: held.assignee,
            assigneeName: held.assigneeName,
          });
        }
        await activity(request, id, { kind: 'claim', stage: task.row.stage, after: actor.username });
        return claimView(id, task.row.stage);
      },
    );

    app.post(
      '/tasks/:id/release',
      { schema: { tags: ['tasks'], params: recordParams, response: { 200: taskClaimViewSchema } } },
      async (request) => {
        const actor = request.actor!;
        const id = request.params.id;
        const { task } = await taskOf(request, id);
        const held = await claimView(id, task.row.stage);
        if (!held.assignee) return held;
        if (held.assignee !== actor.username && actor.role !== 'supervisor') {
          throw new DomainError('TASK_HELD_BY_OTHER', `该待办由 ${held.assigneeName ?? held.assignee} 认领，只有本人或主管可以退回`, {
            assignee: held.assignee,
          });
        }
        await prisma.taskClaim.deleteMany({ where: { recordId: id, assignee: held.assignee } });
        await activity(request, id, { kind: 'release', stage: task.row.stage, before: held.assignee, after: null });
        return claimView(id, task.row.stage);
      },
    );

    app.post(
      '/tasks/:id/assign',
      {
        schema: {
          tags: ['tasks'],
          params: recordParams,
          body: z.object({ assignee: z.string().min(1).max(64), reason: multilineText(500).optional() }).strict(),
          response: { 200: taskClaimViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['supervisor'], '改派待办（仅主管）');
        const id = request.params.id;
        const { task, stage } = await taskOf(request, id);
        const scope = readScope(actor, task.source.recordKind);
        if (!scope?.jurisdictions.includes(task.row.jurisdiction)) {
          const error = new DomainError('OUT_OF_JURISDICTION', '只能改派所辖辖区的待办', { recordJurisdiction: task.row.jurisdiction });
          await ctx.logDenied(request, error, id);
          throw error;
        }
        const user = await prisma.user.findUnique({ where: { username: request.body.assignee } });
        if (!user || user.disabledAt || !stage.roles.includes(user.role) || user.jurisdiction !== task.row.jurisdiction) {
          throw new DomainError(
            'ASSIGNEE_NOT_ELIGIBLE',
            `「${stage.name}」须改派给本辖区的${stage.roles.map((r) => roleNames[r]).join('或')}，${request.body.assignee} 不符合`,
            { assignee: request.body.assignee, requiredRoles: stage.roles, jurisdiction: task.row.jurisdiction },
          );
        }
        const before = await claimView(id, task.row.stage);
        if (before.assignee === user.username) return before;
        await prisma.taskClaim.upsert({
          where: { recordId: id },
          create: {
            recordId: id,
            process: task.process.name,
            stage: task.row.stage,
            assignee: user.username,
            assignedBy: actor.username,
            assignedAt: new Date(),
          },
          update: {
            process: task.process.name,
            stage: task.row.stage,
            assignee: user.username,
            assignedBy: actor.username,
            assignedAt: new Date(),
          },
        });
        await activity(request, id, {
          kind: before.assignee ? 'reassign' : 'assign',
          stage: task.row.stage,
          before: before.assignee,
          after: user.username,
          ...(request.body.reason ? { text: request.body.reason } : {}),
        });
        request.log.info({ id, from: before.assignee, to: user.username }, 'task assigned');
        return claimView(id, task.row.stage);
      },
    );

    app.get(
      '/records/:id/comments',
      { schema: { tags: ['tasks'], params: recordParams, response: { 200: z.array(commentViewSchema) } } },
      async (request) => {
        await visibleRecord(ctx, request, request.params.id);
        const rows = await prisma.caseActivity.findMany({
          where: { recordId: request.params.id, kind: 'comment' },
          orderBy: { id: 'asc' },
        });
        const names = await displayNames(
          prisma,
          rows.map((r) => r.actor),
        );
        return rows.map((r) => ({
          id: String(r.id),
          at: r.at.toISOString(),
          actor: r.actor,
          actorName: names.get(r.actor) ?? null,
          text: r.text ?? '',
        }));
      },
    );

    app.post(
      '/records/:id/comments',
      {
        schema: {
          tags: ['tasks'],
          params: recordParams,
          body: z.object({ text: multilineText(2000).refine((t) => t.trim().length > 0, '意见内容不能为空') }).strict(),
          response: { 201: commentViewSchema },
        },
      },
      async (request, reply) => {
        await visibleRecord(ctx, request, request.params.id);
        const row = await activity(request, request.params.id, { kind: 'comment', text: request.body.text.trim() });
        const names = await displayNames(prisma, [row.actor]);
        return reply.status(201).send({
          id: String(row.id),
          at: row.at.toISOString(),
          actor: row.actor,
          actorName: names.get(row.actor) ?? null,
          text: row.text ?? '',
        });
      },
    );
  };
