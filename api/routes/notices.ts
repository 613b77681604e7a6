/**
 * Notices to insured persons: their delivery status for clerks (pending, sent, failed with the
 * reason), a supervisor's retry of failed channels, each person's channel preferences, and the
 * notice templates an administrator edits (texts are data, not code).
 */
import { nextAuditSeq } from '../../activities/audit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type DeliveryStatus,
  chineseDate,
  deliveryStatuses,
  deliveryStatusNames,
  noticeChannels,
  noticeTemplateSchema,
  placeholdersOf,
  reachableChannels,
  startDeliveryWorkflow,
  writeNotice,
} from '../../activities/notices';
import { mayChangeContact, mayRead } from '../../domain/access-policy';
import { shanghaiDate } from '../../domain/dates';
import { jurisdictionNames, maskEmail, maskPhone } from '../../domain/people';
import { DomainError } from '../../domain/errors';
import { pageSchema, pageSizeSchema } from '../../domain/primitives';
import { cursorSchema, decodeInstantKeyset, encodeKeyset, keysetPageOf, refuseCursorWithPage, keysetAnswer } from '../../domain/keyset';
import { readableJurisdictions } from '../../domain/access-policy';
import type { Prisma } from '../../generated/prisma/client';
import { noticeDelivery, noticeDeliveryId } from '../../workflows/notice-delivery';
import type { RouteContext } from '../app';
import { idempotent } from '../idempotency';
import { contactViewSchema, noticeRetryViewSchema, noticeViewSchema, templateViewSchema } from '../../domain/views/notices';
import { personKeyOf } from './care';
import { idNumberSchema } from '../../domain/id-number';

type NoticeRow = Prisma.NoticeGetPayload<{ include: { deliveries: true } }>;

/** One line per notice: failed if any channel failed, pending while any is unsent, no_channel without contact. */
function noticeStatus(deliveries: { status: string }[]): DeliveryStatus | 'no_channel' {
  if (!deliveries.length) return 'no_channel';
  if (deliveries.some((d) => d.status === 'failed')) return 'failed';
  if (deliveries.some((d) => d.status === 'pending')) return 'pending';
  return 'sent';
}
const noticeStatusNames = { ...deliveryStatusNames, no_channel: '无可用通知渠道' };

export function noticeView(n: NoticeRow) {
  const status = noticeStatus(n.deliveries);
  return {
    id: String(n.id),
    sourceKey: n.sourceKey,
    personKey: n.personKey,
    jurisdiction: n.jurisdiction,
    caseId: n.caseId,
    template: n.template,
    subject: n.subject,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    status,
    statusName: noticeStatusNames[status],
    deliveries: n.deliveries.map((d) => ({
      channel: d.channel,
      status: d.status,
      statusName: deliveryStatusNames[d.status as DeliveryStatus] ?? d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      sentAt: d.sentAt?.toISOString() ?? null,
    })),
  };
}

const contactSchema = z
  .object({
    /** in the body, never in the URL: request logs and the security-event table must not carry it */
    idNumber: idNumberSchema,
    name: z.string().trim().min(1).max(50),
    email: z.email('电子邮箱格式不正确').max(200).optional(),
    /** what the SMS / WeChat mini-program gateway knows the person by (phone number or openid) */
    webhookTarget: z.string().trim().min(1).max(128).optional(),
    channels: z.array(z.enum(noticeChannels)).max(noticeChannels.length),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (new Set(c.channels).size !== c.channels.length) ctx.addIssue({ code: 'custom', path: ['channels'], message: '通知渠道不能重复' });
    if (c.channels.includes('email') && !c.email)
      ctx.addIssue({ code: 'custom', path: ['email'], message: '选择电子邮件渠道须填写电子邮箱' });
    if (c.channels.includes('webhook') && !c.webhookTarget)
      ctx.addIssue({ code: 'custom', path: ['webhookTarget'], message: '选择短信/微信渠道须填写接收标识（手机号或 openid）' });
  });

type ContactRow = Prisma.PersonContactGetPayload<object>;
/** The contact as the API shows it: addresses in full to the county's clerks, masked to overseers. */
const contactView = (c: ContactRow, masked: boolean) => ({
  personKey: c.personKey,
  name: c.name,
  email: c.email && (masked ? maskEmail(c.email) : c.email),
  webhookTarget: c.webhookTarget && (masked ? maskPhone(c.webhookTarget) : c.webhookTarget),
  channels: c.channels,
  insuredCounty: c.insuredCounty,
  updatedAt: c.updatedAt.toISOString(),
  updatedBy: c.updatedBy,
});

/** What the audit trail keeps of a contact: never a full address (001 §26). */
const maskedContact = (c: { name: string; email: string | null; webhookTarget: string | null; channels: string[] }) => ({
  name: c.name,
  email: c.email && maskEmail(c.email),
  webhookTarget: c.webhookTarget && maskPhone(c.webhookTarget),
  channels: c.channels,
});

const contactCaseId = (personKey: string) => `person-contact:${personKey}`;
const channelNames: Record<string, string> = { email: '电子邮件', webhook: '短信/微信' };

export const noticeRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal, taskQueue } = ctx;

    app.get(
      '/notices',
      {
        schema: {
          tags: ['notices'],
          querystring: z
            .object({
              caseId: z.string().min(1).max(200).optional(),
              status: z.enum(deliveryStatuses).optional(),
              page: pageSchema,
              pageSize: pageSizeSchema,
              cursor: cursorSchema,
            })
            .strict(),
          response: { 200: keysetPageOf(noticeViewSchema) },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['supervisor', 'admin', 'window_clerk', 'reviewer', 'approver'], '查看通知发送情况');
        const q = request.query;
        const where: Prisma.NoticeWhereInput = {
          jurisdiction: { in: [...readableJurisdictions(actor, 'notice')] },
          ...(q.caseId ? { caseId: q.caseId } : {}),
          ...(q.status ? { deliveries: { some: { status: q.status } } } : {}),
        };
        refuseCursorWithPage(q);
        // keyset: the notices older than the last one of the page before, in (createdAt, id) order, newest first
        const after = q.cursor ? decodeInstantKeyset(q.cursor, /^\d{1,18}$/) : null;
        const pageWhere: Prisma.NoticeWhereInput = after
          ? { AND: [where, { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: BigInt(after.id) } }] }] }
          : where;
        const [total, rows] = await Promise.all([
          prisma.notice.count({ where }),
          prisma.notice.findMany({
            where: pageWhere,
            include: { deliveries: { orderBy: { channel: 'asc' } } },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            ...(after ? {} : { skip: (q.page - 1) * q.pageSize }),
            take: q.pageSize + 1,
          }),
        ]);
        return keysetAnswer(rows, q, total, noticeView, (last) => encodeKeyset([last.createdAt.toISOString(), last.id.toString()]));
      },
    );

    app.post(
      '/notices/:id/retry',
      {
        schema: {
          tags: ['notices'],
          params: z.object({ id: z.string().regex(/^\d{1,18}$/, '通知编号应为数字') }),
          response: { 202: noticeRetryViewSchema },
        },
      },
      async (request, reply) => {
        const actor = await ctx.requireRole(request, ['supervisor', 'admin'], '重发通知（仅监督人员或系统管理员）');
        const id = request.params.id;
        return idempotent(prisma, request, reply, actor, async () => {
          const notice = await prisma.notice.findUnique({ where: { id: BigInt(id) } });
          if (!notice) throw new DomainError('NOT_FOUND', `没有编号为 ${id} 的通知`);
          if (notice.jurisdiction !== actor.jurisdiction) {
            const error = new DomainError('OUT_OF_JURISDICTION', '该通知不属于您所在的经办机构，不能重发', {
              jurisdiction: notice.jurisdiction,
            });
            await ctx.logDenied(request, error, id);
            throw error;
          }
          // One statement resets and names the failed channels, so two concurrent retries cannot both start.
          const reset = await prisma.$queryRaw<{ channel: string }[]>`
        UPDATE "NoticeDelivery" SET status = 'pending', "updatedAt" = now()
        WHERE "noticeId" = ${notice.id} AND status = 'failed' RETURNING channel`;
          if (!reset.length) {
            const deliveries = await prisma.noticeDelivery.findMany({
              where: { noticeId: notice.id },
              select: { channel: true, status: true },
            });
            throw new DomainError('CASE_WRONG_STATE', '该通知没有发送失败的渠道，无需重发', { deliveries });
          }
          const channels = reset.map((r) => r.channel).sort();
          // Every attempt raises the total, so each retry gets a workflow ID of its own.
          const { _sum } = await prisma.noticeDelivery.aggregate({ where: { noticeId: notice.id }, _sum: { attempts: true } });
          const workflowId = `${noticeDeliveryId(id)}:retry-${_sum.attempts ?? 0}`;
          try {
            await temporal.workflow.start(noticeDelivery, { taskQueue, workflowId, args: [{ noticeId: id, channels }] });
          } catch (e) {
            await prisma.noticeDelivery.updateMany({
              where: { noticeId: notice.id, channel: { in: channels }, status: 'pending' },
              data: { status: 'failed', updatedAt: new Date() },
            });
            throw e;
          }
          request.log.info({ noticeId: id, channels, workflowId, actor: actor.username }, 'notice delivery retried');
          return { status: 202, body: { noticeId: id, channels, workflowId } };
        });
      },
    );

    /**
     * 13.5: a person's notice contact belongs to the agency of the insured place (参保地): only its
     * window clerks register or change it (the first registration records the clerk's county). Every
     * change is audited (who, when, office, old and new masked), and the person is told on the old
     * channel, through the outbox, in the same transaction as the change.
     */
    app.put(
      '/persons/contact',
      { schema: { tags: ['notices'], body: contactSchema, response: { 200: contactViewSchema } } },
      async (request) => {
        const actor = await ctx.requireRole(request, ['window_clerk'], '登记参保人通知方式（仅参保地经办机构窗口受理人员）');
        const { idNumber, ...b } = request.body;
        const personKey = personKeyOf(idNumber);
        const caseId = contactCaseId(personKey);
        const data = { name: b.name, email: b.email ?? null, webhookTarget: b.webhookTarget ?? null, channels: b.channels };
        const result = await prisma.$transaction(async (tx) => {
          // The row lock serialises two clerks changing one contact: each sees the other's result as "old".
          const locked = await tx.$queryRaw<{ personKey: string }[]>`
        SELECT "personKey" FROM "PersonContact" WHERE "personKey" = ${personKey} FOR UPDATE`;
          const old = locked.length ? await tx.personContact.findUniqueOrThrow({ where: { personKey } }) : null;
          const insuredCounty = old?.insuredCounty ?? actor.jurisdiction;
          if (!mayChangeContact(actor, insuredCounty)) return { refused: insuredCounty };
          const seq = await nextAuditSeq(tx, caseId);
          const now = new Date();
          let notice: { noticeId: string; channels: string[] } | null = null;
          const changed =
            !old ||
            old.name !== data.name ||
            old.email !== data.email ||
            old.webhookTarget !== data.webhookTarget ||
            old.channels.join() !== data.channels.join();
          if (old && changed && reachableChannels(old).length) {
            const changes = [
              old.email !== data.email ? '电子邮箱' : null,
              old.webhookTarget !== data.webhookTarget ? '短信/微信接收标识' : null,
              old.channels.join() !== data.channels.join()
                ? `通知渠道改为${data.channels.map((c) => channelNames[c] ?? c).join('、') || '不通知'}`
                : null,
              old.name !== data.name ? '姓名' : null,
            ]
              .filter(Boolean)
              .join('、');
            notice = await writeNotice(tx, {
              sourceKey: `${caseId}:changed:${seq}`,
              personKey,
              jurisdiction: insuredCounty,
              caseId,
              template: 'person.contact_changed',
              params: {
                name: old.name,
                changedOn: chineseDate(shanghaiDate(now.getTime())),
                office: jurisdictionNames[actor.jurisdiction],
                changes,
              },
              to: { channels: old.channels, email: old.email, webhookTarget: old.webhookTarget },
            });
          }
          const row = await tx.personContact.upsert({
            where: { personKey },
            create: { personKey, ...data, insuredCounty, updatedAt: now, updatedBy: actor.username },
            update: { ...data, insuredCounty, updatedAt: now, updatedBy: actor.username },
          });
          if (changed) {
            await tx.auditEvent.create({
              data: {
                caseId,
                seq,
                at: now,
                actor: actor.username,
                actorRole: actor.role,
                office: actor.jurisdiction,
                action: old ? 'contact_changed' : 'contact_registered',
                reason: null,
                before: old ? maskedContact(old) : undefined,
                after: maskedContact(data),
              },
            });
          }
          return { row, notice };
        });
        if ('refused' in result) {
          const error = new DomainError(
            'OUT_OF_JURISDICTION',
            `该参保人的通知方式由参保地${jurisdictionNames[result.refused!]}经办机构登记，您不能修改`,
            { insuredCounty: result.refused },
          );
          await ctx.logDenied(request, error, caseId);
          throw error;
        }
        if (result.notice?.channels.length) {
          await startDeliveryWorkflow(temporal, taskQueue, result.notice);
        }
        request.log.info({ personKey, actor: actor.username, noticeId: result.notice?.noticeId }, 'person contact registered');
        return contactView(result.row, false);
      },
    );

    /** A POST so that the ID number travels in the body, not the URL. */
    app.post(
      '/persons/contact/lookup',
      {
        schema: { tags: ['notices'], body: z.object({ idNumber: idNumberSchema }).strict(), response: { 200: contactViewSchema } },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['window_clerk', 'supervisor', 'admin'], '查看参保人通知方式');
        const personKey = personKeyOf(request.body.idNumber);
        const row = await prisma.personContact.findUnique({ where: { personKey } });
        if (!row) throw new DomainError('NOT_FOUND', '尚未登记该参保人的通知方式');
        // A row from before insured counties were recorded is read by the municipal overseers only.
        const ref = { jurisdiction: row.insuredCounty ?? ('municipal' as const) };
        if (!row.insuredCounty && actor.role === 'window_clerk') {
          const error = new DomainError('OUT_OF_JURISDICTION', '该参保人的通知方式尚未确定参保地，请由参保地窗口重新登记', {});
          await ctx.logDenied(request, error, contactCaseId(personKey));
          throw error;
        }
        await ctx.visibility.requireReadable(request, 'person_contact', ref, contactCaseId(personKey));
        return contactView(row, !(actor.role === 'window_clerk' && mayRead(actor, 'person_contact', ref)));
      },
    );

    app.get('/notice-templates', { schema: { tags: ['notices'], response: { 200: z.array(templateViewSchema) } } }, async (request) => {
      await ctx.requireRole(request, ['admin'], '查看通知模板（仅系统管理员）');
      const rows = await prisma.noticeTemplate.findMany({ orderBy: { key: 'asc' } });
      return rows.map((t) => ({
        key: t.key,
        subject: t.subject,
        body: t.body,
        placeholders: [...placeholdersOf(`${t.subject}\n${t.body}`)].sort(),
        updatedBy: t.updatedBy,
        updatedAt: t.updatedAt.toISOString(),
      }));
    });

    app.put(
      '/notice-templates/:key',
      {
        schema: {
          tags: ['notices'],
          params: noticeTemplateSchema.pick({ key: true }),
          body: noticeTemplateSchema.omit({ key: true }).strict(),
          response: { 200: templateViewSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['admin'], '修改通知模板（仅系统管理员）');
        const { key } = request.params;
        const old = await prisma.noticeTemplate.findUnique({ where: { key } });
        if (!old) throw new DomainError('NOT_FOUND', `没有键为 ${key} 的通知模板`);
        // Callers fill exactly the old placeholders: dropping one loses a fact (a date), adding one cannot be filled.
        const before = placeholdersOf(`${old.subject}\n${old.body}`);
        const after = placeholdersOf(`${request.body.subject}\n${request.body.body}`);
        const missing = [...before].filter((p) => !after.has(p));
        const unknown = [...after].filter((p) => !before.has(p));
        if (missing.length || unknown.length) {
          const message = missing.length
            ? `修改后的模板缺少占位符：${missing.map((p) => `{${p}}`).join('、')}`
            : `模板使用了无法填写的占位符：${unknown.map((p) => `{${p}}`).join('、')}`;
          throw new DomainError('VALIDATION_FAILED', message, { missing, unknown, allowed: [...before].sort() });
        }
        const row = await prisma.noticeTemplate.update({
          where: { key },
          data: { subject: request.body.subject, body: request.body.body, updatedBy: actor.username, updatedAt: new Date() },
        });
        request.log.info({ key, actor: actor.username }, 'notice template changed');
        return {
          key: row.key,
          subject: row.subject,
          body: row.body,
          placeholders: [...after].sort(),
          updatedBy: row.updatedBy,
          updatedAt: row.updatedAt.toISOString(),
        };
      },
    );
  };
