/**
 * Notices to insured persons through an outbox: `writeNotice` runs inside the transaction of the
 * change that causes the notice; the noticeDelivery workflow then delivers each channel (email over
 * SMTP, a signed webhook for the SMS gateway and the WeChat mini-program) with retries. Each
 * delivery row is sent at most once: it is locked while sending and a sent row is never sent again,
 * however often Temporal retries or replays. Texts are templates kept as data (NoticeTemplate).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import type { Jurisdiction } from '../domain/people';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { type Config, loadConfig } from '../platform/config';
import { noticeDelivery, noticeDeliveryId } from '../workflows/notice-delivery';
import type { ActivityDeps } from './index';

export const noticeChannels = ['email', 'webhook'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

/**
 * The channels with a delivery quota (the gateway's, per second for all workers together) and the
 * task queue each one's deliveries run on: Temporal's server enforces the queue's rate limit
 * (maxTaskQueueActivitiesPerSecond), so a burst of notices waits in the queue instead of
 * overrunning the SMS gateway, however many workers there are. README "Notice bursts".
 */
export function noticeChannelQuotas(config: Pick<Config, 'NOTICE_WEBHOOK_PER_SECOND' | 'NOTICE_EMAIL_PER_SECOND'>) {
  const quotas: Partial<Record<NoticeChannel, number>> = {};
  if (config.NOTICE_WEBHOOK_PER_SECOND) quotas.webhook = config.NOTICE_WEBHOOK_PER_SECOND;
  if (config.NOTICE_EMAIL_PER_SECOND) quotas.email = config.NOTICE_EMAIL_PER_SECOND;
  return quotas;
}

/** The task queue of a rate-limited channel's deliveries, beside the service's own queue. */
export const noticeChannelQueue = (taskQueue: string, channel: NoticeChannel) => `${taskQueue}.notice-${channel}`;

/**
 * Starts the delivery workflow of a notice committed to the outbox (by a record-event, a contact
 * registration, a supervisor's urge). Its ID is the notice's, so a second start (a retried record,
 * a repeated request) finds the first one, running or finished, and does nothing; the delivery
 * never sends a channel twice anyway.
 */
export async function startDeliveryWorkflow(
  client: Client,
  taskQueue: string,
  notice: { noticeId: string; channels: string[] },
): Promise<void> {
  try {
    await client.workflow.start(noticeDelivery, {
      workflowId: noticeDeliveryId(notice.noticeId),
      taskQueue,
      args: [{ noticeId: notice.noticeId, channels: notice.channels }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}

/** How long the record-event's own attempt waits for a gateway before leaving the channel to the delivery workflow. */
const SEND_AFTER_COMMIT_TIMEOUT_MS = 5_000;

/**
 * Delivers a notice a timer caused, right after the record-event committed it (issue 19: at a
 * month-end peak a delivery workflow per notice, with its start, two workflow tasks and an
 * activity, was the slow step). Each channel without a quota is sent here once; the delivery
 * workflow is started only for what is left: a channel with a quota (its turn comes from the
 * rate-limited queue, the only place the quota is kept for all workers), or an attempt that failed
 * and may succeed later (the workflow retries it with backoff). A reason no retry can fix (no
 * address) fails the channel at once, as the workflow would. A retried record-event comes here
 * again: a sent channel answers 'already_sent', a started workflow is found by its ID.
 */
export async function deliverAfterCommit(
  sender: NoticeSender,
  client: Client,
  taskQueue: string,
  notice: { noticeId: string; channels: string[] },
): Promise<void> {
  const quotas = noticeChannelQuotas(sender.config);
  const left = new Set<string>();
  await Promise.all(
    notice.channels.map(async (channel) => {
      if (channel in quotas) return void left.add(channel);
      try {
        await sender.deliver({ noticeId: notice.noticeId, channel }, SEND_AFTER_COMMIT_TIMEOUT_MS);
      } catch (e) {
        if (e instanceof ApplicationFailure && e.nonRetryable) {
          await sender.markFailed({ noticeId: notice.noticeId, channel, error: e.message });
        } else left.add(channel);
      }
    }),
  );
  const channels = notice.channels.filter((c) => left.has(c));
  if (channels.length) await startDeliveryWorkflow(client, taskQueue, { noticeId: notice.noticeId, channels });
}

export const deliveryStatuses = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export const deliveryStatusNames: Record<DeliveryStatus, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' };

/** '2026-12-31' → '2026年12月31日' (notices write dates out, without leading zeros). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) {
    throw new Error(`日期格式应为 YYYY-MM-DD：${iso}`);
  }
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

const placeholderPattern = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The names of the `{placeholders}` in a text. */
export function placeholdersOf(text: string): Set<string> {
  return new Set([...text.matchAll(placeholderPattern)].map((m) => m[1]!));
}

/** Fills every placeholder; a missing parameter is a bug in the caller, never a blank in the text. */
export function renderTemplate(
  template: { subject: string; body: string },
  params: Record<string, string>,
): { subject: string; body: string } {
  const needed = placeholdersOf(`${template.subject}\n${template.body}`);
  const missing = [...needed].filter((name) => !Object.hasOwn(params, name) || typeof params[name] !== 'string');
  if (missing.length) throw new Error(`通知模板缺少参数：${missing.join('、')}`);
  const fill = (text: string) => text.replace(placeholderPattern, (_, name: string) => params[name]!);
  return { subject: fill(template.subject), body: fill(template.body) };
}

export const noticeTemplateSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, '模板键应为小写字母、数字、下划线，用点分隔'),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(4000),
});

export const noticeTemplatesFile = path.join(__dirname, '..', 'prisma', 'seed', 'notice-templates.json');

export function shippedNoticeTemplates(): z.infer<typeof noticeTemplateSchema>[] {
  return z.array(noticeTemplateSchema).parse(JSON.parse(readFileSync(noticeTemplatesFile, 'utf8')));
}

/** Adds the shipped templates the database lacks; an administrator's edit of an existing one stays. */
export async function seedNoticeTemplates(prisma: PrismaClient): Promise<void> {
  const now = new Date();
  await prisma.noticeTemplate.createMany({
    data: shippedNoticeTemplates().map((t) => ({ ...t, updatedBy: 'seed', updatedAt: now })),
    skipDuplicates: true,
  });
}

/** The person's preferred channels that have an address, in their order. */
export function reachableChannels(contact: { channels: string[]; email: string | null; webhookTarget: string | null }): NoticeChannel[] {
  const out: NoticeChannel[] = [];
  for (const c of contact.channels) {
    if (c === 'email' && contact.email && !out.includes(c)) out.push(c);
    if (c === 'webhook' && contact.webhookTarget && !out.includes(c)) out.push(c);
  }
  return out;
}

export interface WriteNoticeInput {
  /** the business key of the cause (e.g. `<certification>:window_open:<period end>`): one notice per key */
  sourceKey: string;
  personKey: string;
  jurisdiction: Jurisdiction;
  caseId: string;
  template: string;
  params: Record<string, string>;
  /**
   * Send to these addresses, fixed on the deliveries, instead of the person's current contact at
   * sending time: a contact change is told on the old channel.
   */
  to?: { channels: string[]; email: string | null; webhookTarget: string | null };
}

/**
 * Writes a notice and its pending deliveries INSIDE the caller's transaction, so the notice exists
 * exactly when the change that causes it does. Idempotent on `sourceKey`: the existing notice is
 * returned as is. The caller then starts noticeDelivery for the returned channels.
 */
export async function writeNotice(
  tx: Prisma.TransactionClient,
  input: WriteNoticeInput,
): Promise<{ noticeId: string; channels: string[] }> {
  const existing = await tx.notice.findUnique({
    where: { sourceKey: input.sourceKey },
    include: { deliveries: { select: { channel: true } } },
  });
  if (existing) return { noticeId: String(existing.id), channels: existing.deliveries.map((d) => d.channel) };

  const template = await tx.noticeTemplate.findUnique({ where: { key: input.template } });
  if (!template) throw new Error(`没有通知模板 ${input.template}`);
  const text = renderTemplate(template, input.params);
  const contact = input.to ?? (await tx.personContact.findUnique({ where: { personKey: input.personKey } }));
  const channels = contact ? reachableChannels(contact) : [];
  const now = new Date();
  // ON CONFLICT DO NOTHING: a concurrent writer of the same key wins without aborting our transaction.
  const created = await tx.notice.createMany({
    data: [
      {
        sourceKey: input.sourceKey,
        personKey: input.personKey,
        jurisdiction: input.jurisdiction,
        caseId: input.caseId,
        template: input.template,
        subject: text.subject,
        body: text.body,
        params: input.params,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  const notice = await tx.notice.findUniqueOrThrow({
    where: { sourceKey: input.sourceKey },
    include: { deliveries: { select: { channel: true } } },
  });
  if (created.count === 0) return { noticeId: String(notice.id), channels: notice.deliveries.map((d) => d.channel) };
  if (channels.length) {
    const fixed = (channel: NoticeChannel) => (!input.to ? null : channel === 'email' ? input.to.email : input.to.webhookTarget);
    await tx.noticeDelivery.createMany({
      data: channels.map((channel) => ({ noticeId: notice.id, channel, status: 'pending', address: fixed(channel), updatedAt: now })),
    });
  }
  return { noticeId: String(notice.id), channels };
}

/** `sha256=<hex>` of `${timestamp}.${rawBody}`, the value of the x-notice-signature header. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

/** For receivers: a correct signature over this body and timestamp, and a timestamp not too old or new. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  rawBody: string | Buffer,
  header: string | undefined | null,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts) || Math.abs(nowSeconds - Number(ts)) > toleranceSeconds) return false;
  if (typeof header !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(webhookSignature(secret, ts, rawBody).slice('sha256='.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(header.slice('sha256='.length), 'hex'));
}

/** A reason that retrying cannot fix (no address, no gateway configured): fail at once. */
function undeliverable(reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(reason, 'NOTICE_UNDELIVERABLE');
}

type NoticeRow = Prisma.NoticeGetPayload<object>;
type ContactRow = Prisma.PersonContactGetPayload<object>;

/**
 * Sends one channel of a notice of the outbox, at most once: the delivery row is locked while
 * sending and a sent row is never sent again. Used by the delivery workflow's activity and by the
 * record-event right after its commit (see deliverAfterCommit).
 */
export function createNoticeSender(deps: ActivityDeps) {
  const { prisma, logger } = deps;
  const config = deps.config ?? loadConfig({});
  let mailer: ReturnType<typeof smtpMailer> | undefined;

  function smtpMailer(url: string) {
    return createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  }

  async function sendEmail(notice: NoticeRow, contact: ContactRow | null): Promise<void> {
    if (!contact?.email) throw undeliverable('参保人联系方式中没有电子邮箱，无法发送邮件通知');
    const id = String(notice.id);
    const message = {
      from: config.NOTICE_FROM,
      to: contact.email,
      subject: notice.subject,
      text: notice.body,
      // The same Message-ID on every attempt lets a receiving server drop a duplicate.
      messageId: `<notice-${id}-email@jiangmen-medical-insurance>`,
      headers: { 'X-Notice-Id': id },
      textEncoding: 'base64' as const,
    };
    if (config.SMTP_URL) {
      mailer ??= smtpMailer(config.SMTP_URL);
      await mailer.sendMail(message);
      return;
    }
    // Embedded default without an SMTP server: the message as an .eml file (open it in any mail client).
    const info = await createTransport({ streamTransport: true, buffer: true }).sendMail(message);
    await mkdir(config.NOTICE_MAIL_DIR, { recursive: true });
    await writeFile(path.join(config.NOTICE_MAIL_DIR, `notice-${id}-email.eml`), info.message as Buffer);
  }

  async function sendWebhook(notice: NoticeRow, contact: ContactRow | null, timeoutMs: number): Promise<void> {
    if (!config.NOTICE_WEBHOOK_URL || !config.NOTICE_WEBHOOK_SECRET) {
      throw undeliverable('未配置短信/微信网关地址（NOTICE_WEBHOOK_URL），无法通过网关发送通知');
    }
    if (!contact?.webhookTarget) throw undeliverable('参保人联系方式中没有短信/微信接收标识，无法通过网关发送通知');
    const id = String(notice.id);
    const rawBody = JSON.stringify({
      noticeId: id,
      channel: 'webhook',
      to: contact.webhookTarget,
      subject: notice.subject,
      body: notice.body,
      caseId: notice.caseId,
      createdAt: notice.createdAt.toISOString(),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(config.NOTICE_WEBHOOK_URL, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-notice-id': id,
          'x-notice-timestamp': timestamp,
          'x-notice-signature': webhookSignature(config.NOTICE_WEBHOOK_SECRET, timestamp, rawBody),
        },
        body: rawBody,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`无法连接短信/微信网关：${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    const answer = (await res.text().catch(() => '')).slice(0, 200);
    if (!res.ok) throw new Error(`短信/微信网关返回 HTTP ${res.status}${answer ? `：${answer}` : ''}`);
  }

  /** `timeoutMs` bounds a gateway's answer (the record-event's own attempt waits less than the workflow's). */
  async function deliver(input: { noticeId: string; channel: string }, timeoutMs = 10_000): Promise<'sent' | 'already_sent'> {
    const noticeId = BigInt(input.noticeId);
    const key = { noticeId_channel: { noticeId, channel: input.channel } };
    const outcome = await prisma.$transaction(
      async (tx) => {
        // The row lock makes a concurrent run (a retry started while the first still sends) wait, then see 'sent'.
        const rows = await tx.$queryRaw<{ status: string }[]>`
        SELECT status FROM "NoticeDelivery" WHERE "noticeId" = ${noticeId} AND channel = ${input.channel} FOR UPDATE`;
        if (!rows.length) return { error: undeliverable(`通知 ${input.noticeId} 没有 ${input.channel} 渠道的发送记录`) };
        if (rows[0]!.status === 'sent') return { result: 'already_sent' as const };
        const delivery = await tx.noticeDelivery.update({ where: key, data: { attempts: { increment: 1 }, updatedAt: new Date() } });
        const notice = await tx.notice.findUniqueOrThrow({ where: { id: noticeId } });
        const current = await tx.personContact.findUnique({ where: { personKey: notice.personKey } });
        // A delivery with a fixed address (the old channel of a changed contact) goes there, not to the current one.
        const contact =
          delivery.address === null
            ? current
            : ({
                ...(current ?? { channels: [] }),
                email: input.channel === 'email' ? delivery.address : null,
                webhookTarget: input.channel === 'webhook' ? delivery.address : null,
              } as ContactRow);
        try {
          if (input.channel === 'email') await sendEmail(notice, contact);
          else if (input.channel === 'webhook') await sendWebhook(notice, contact, timeoutMs);
          else throw undeliverable(`不支持的通知渠道：${input.channel}`);
        } catch (e) {
          const error = e instanceof Error ? e : new Error(String(e));
          await tx.noticeDelivery.update({ where: key, data: { lastError: error.message, updatedAt: new Date() } });
          logger.warn(
            { noticeId: input.noticeId, channel: input.channel, attempt: delivery.attempts, err: error.message },
            'notice delivery failed',
          );
          return { error };
        }
        await tx.noticeDelivery.update({ where: key, data: { status: 'sent', sentAt: new Date(), updatedAt: new Date() } });
        logger.info({ noticeId: input.noticeId, channel: input.channel, attempt: delivery.attempts }, 'notice sent');
        return { result: 'sent' as const };
      },
      { maxWait: 10_000, timeout: 45_000 },
    );
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /** After the last retry: the delivery is failed with its reason (a sent delivery stays sent). */
  async function markFailed(input: { noticeId: string; channel: string; error: string }): Promise<void> {
    await prisma.noticeDelivery.updateMany({
      where: { noticeId: BigInt(input.noticeId), channel: input.channel, status: { not: 'sent' } },
      data: { status: 'failed', lastError: input.error, updatedAt: new Date() },
    });
  }

  return { config, deliver, markFailed };
}

export type NoticeSender = ReturnType<typeof createNoticeSender>;

export function createNoticeActivities(deps: ActivityDeps) {
  const sender = createNoticeSender(deps);
  const { config } = sender;
  return {
    /**
     * Where each channel of a notice is delivered: the channel's own rate-limited task queue when it
     * has a quota, otherwise null (the delivering workflow's queue). A local activity: the answer
     * is recorded once in the delivery's history, so a replay takes the same route.
     */
    async noticeDeliveryRoutes(input: { taskQueue: string; channels: string[] }): Promise<Record<string, string | null>> {
      const quotas = noticeChannelQuotas(config);
      return Object.fromEntries(
        input.channels.map((c) => [c, c in quotas ? noticeChannelQueue(input.taskQueue, c as NoticeChannel) : null]),
      );
    },

    /**
     * Sends one channel of a notice, or answers 'already_sent' if it was sent before. Each call
     * counts an attempt; a failure is recorded (lastError) and thrown so Temporal retries it.
     */
    deliverNotice: (input: { noticeId: string; channel: string }) => sender.deliver(input),

    /** After the last retry: the delivery is failed with its reason (a sent delivery stays sent). */
    markDeliveryFailed: (input: { noticeId: string; channel: string; error: string }) => sender.markFailed(input),
  };
}

export type NoticeActivities = ReturnType<typeof createNoticeActivities>;
