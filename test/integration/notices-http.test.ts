/**
 * Notices end to end with the real worker, dev server and PostgreSQL, a real SMTP server and a
 * local webhook receiver (the SMS / WeChat gateway) that checks signatures and fails on demand:
 * a notice written in the transaction of its cause, delivered once per channel through retries
 * and reruns, failed with its reason, retried by a supervisor; templates edited as data. Person keys
 * and case IDs are random, since other test files share the database (and the 台山 jurisdiction).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { SMTPServer } from 'smtp-server';
import {
  chineseDate,
  createNoticeActivities,
  renderTemplate,
  verifyWebhookSignature,
  webhookSignature,
  writeNotice,
} from '../../activities/notices';
import { personKeyOf } from '../../api/routes/care';
import { loadConfig } from '../../platform/config';
import { noticeDelivery, noticeDeliveryId } from '../../workflows/notice-delivery';
import { testLogger, testPrisma } from '../support/env';
import { randomIdNumber } from '../support/id-number';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
const secret = randomBytes(16).toString('hex');
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

const mails: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      mails.push(Buffer.concat(chunks).toString('utf8'));
      cb();
    });
  },
});

interface HookCall {
  noticeId: string;
  verified: boolean;
  answered: number;
  body: any;
}
const hooks: HookCall[] = [];
/** per notice: how many requests the gateway answers 500 before it accepts (Infinity: never) */
const refusals = new Map<string, number>();
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const noticeId = String(req.headers['x-notice-id']);
    const verified = verifyWebhookSignature(
      secret,
      String(req.headers['x-notice-timestamp']),
      raw,
      req.headers['x-notice-signature'] as string,
      Math.floor(Date.now() / 1000),
    );
    const seen = hooks.filter((h) => h.noticeId === noticeId).length;
    const answered = !verified || req.url !== '/hook' ? 401 : seen < (refusals.get(noticeId) ?? 0) ? 500 : 200;
    hooks.push({ noticeId, verified, answered, body: JSON.parse(raw) });
    res.writeHead(answered, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: answered === 200 }));
  });
});
const hooksOf = (noticeId: string) => hooks.filter((h) => h.noticeId === noticeId);

const listen = (server: { listen: (port: number, host: string, cb: () => void) => unknown }, address: () => AddressInfo | string | null) =>
  new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((address() as AddressInfo).port));
  });

beforeAll(async () => {
  const smtpPort = await listen(smtp, () => smtp.server.address());
  const hookPort = await listen(receiver, () => receiver.address());
  svc = await startTestService(prisma, `it-notices-${randomUUID()}`, {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    NOTICE_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/hook`,
    NOTICE_WEBHOOK_SECRET: secret,
  });
  for (const u of [
    'taishan.clerk',
    'taishan.supervisor',
    'kaiping.clerk',
    'kaiping.supervisor',
    'municipal.supervisor',
    'municipal.admin',
  ]) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await new Promise((r) => smtp.close(() => r(null)));
  await new Promise((r) => receiver.close(() => r(null)));
  await prisma.$disconnect();
});

/** A random 台山 (440781) ID number, so no other test file's person is touched. */
const randomTaishanIdNumber = () => randomIdNumber({ region: '440781' });

const params = {
  name: '李四',
  disease: '慢性肾功能衰竭（透析）',
  windowOpens: chineseDate('2026-12-02'),
  lastValidDay: chineseDate('2026-12-31'),
  graceEnds: chineseDate('2027-01-30'),
  lapsedOn: chineseDate('2027-01-31'),
};

function outbox(idNumber: string, caseId: string, template = 'special_disease.window_open', sourceKey = `${caseId}:${template}`) {
  return prisma.$transaction((tx) =>
    writeNotice(tx, { sourceKey, personKey: personKeyOf(idNumber), jurisdiction: 'taishan', caseId, template, params }),
  );
}

const deliver = (noticeId: string, channels: string[], workflowId = noticeDeliveryId(noticeId)) =>
  svc.api.client.workflow.execute(noticeDelivery, {
    taskQueue: svc.config.TEMPORAL_TASK_QUEUE,
    workflowId,
    args: [{ noticeId, channels }],
  });

const deliveryRows = async (noticeId: string) =>
  Object.fromEntries((await prisma.noticeDelivery.findMany({ where: { noticeId: BigInt(noticeId) } })).map((d) => [d.channel, d]));

/** The decoded subject and text of a raw message (RFC 2047 words, base64 body). */
function readMail(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1] ?? '';
  const subject = header('Subject').replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) =>
    Buffer.concat(
      [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, enc, text]) =>
        enc!.toLowerCase() === 'b'
          ? Buffer.from(text!, 'base64')
          : Buffer.from(
              text!.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ),
      ),
    ).toString('utf8'),
  );
  const rawBody = raw.slice(split + 4);
  const body = /base64/i.test(header('Content-Transfer-Encoding'))
    ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8')
    : rawBody;
  return { subject, body, messageId: header('Message-ID'), to: header('To') };
}

test('a notice is written with the change that causes it and delivered once per channel, through retries and reruns', async () => {
  const idNumber = randomTaishanIdNumber();
  const caseId = `it-notices-${randomUUID()}`;
  const email = `li.${caseId.slice(-8)}@example.cn`;
  const webhookTarget = `wx-openid-${randomUUID()}`;

  const noAddress = await svc.call(as('taishan.clerk'), 'PUT', '/persons/contact', { idNumber, name: '李四', channels: ['email'] });
  expect(noAddress.status).toBe(400);
  expect(noAddress.body.code).toBe('VALIDATION_FAILED');
  expect((await svc.call(as('taishan.supervisor'), 'PUT', '/persons/contact', { idNumber, name: '李四', channels: [] })).body.code).toBe(
    'ROLE_NOT_ALLOWED',
  );
  const contact = await svc.call(as('taishan.clerk'), 'PUT', '/persons/contact', {
    idNumber,
    name: '李四',
    email,
    webhookTarget,
    channels: ['email', 'webhook'],
  });
  expect(contact.status).toBe(200);
  expect(contact.body).toMatchObject({
    personKey: personKeyOf(idNumber),
    email,
    webhookTarget,
    channels: ['email', 'webhook'],
    insuredCounty: 'taishan',
  });
  expect((await svc.call(as('taishan.clerk'), 'POST', '/persons/contact/lookup', { idNumber })).body).toMatchObject({
    email,
    channels: ['email', 'webhook'],
  });

  // Outbox: a notice exists exactly when its cause does; a rolled-back change leaves none.
  const rolledBack = `${caseId}:rolled-back`;
  await expect(
    prisma.$transaction(async (tx) => {
      await writeNotice(tx, {
        sourceKey: rolledBack,
        personKey: personKeyOf(idNumber),
        jurisdiction: 'taishan',
        caseId,
        template: 'special_disease.window_open',
        params,
      });
      throw new Error('the state change failed');
    }),
  ).rejects.toThrow('the state change failed');
  expect(await prisma.notice.findUnique({ where: { sourceKey: rolledBack } })).toBeNull();

  const { noticeId, channels } = await outbox(idNumber, caseId);
  expect(channels).toEqual(['email', 'webhook']);
  refusals.set(noticeId, 2);
  expect(await deliver(noticeId, channels)).toEqual({ email: 'sent', webhook: 'sent' });

  expect(mails).toHaveLength(1);
  const mail = readMail(mails[0]!);
  expect(mail.subject).toBe('门诊特定病种待遇认定续期提醒：请于2026年12月31日前办理续期');
  expect(mail.body).toContain('李四您好');
  expect(mail.body).toContain('请在2026年12月2日至2026年12月31日期间办理续期');
  expect(mail.messageId).toBe(`<notice-${noticeId}-email@jiangmen-medical-insurance>`);
  expect(mail.to).toContain(email);

  const calls = hooksOf(noticeId);
  expect(calls.map((c) => c.answered)).toEqual([500, 500, 200]);
  expect(calls.every((c) => c.verified)).toBe(true);
  expect(calls[2]!.body).toMatchObject({
    noticeId,
    channel: 'webhook',
    to: webhookTarget,
    caseId,
    subject: mail.subject,
    createdAt: expect.any(String),
  });
  expect(calls[2]!.body.body).toContain('2026年12月31日');

  let rows = await deliveryRows(noticeId);
  expect(rows.email).toMatchObject({ status: 'sent', attempts: 1, sentAt: expect.any(Date) });
  expect(rows.webhook).toMatchObject({ status: 'sent', attempts: 3, sentAt: expect.any(Date) });

  // A rerun (or a replayed parent starting it again) sends nothing more.
  expect(await deliver(noticeId, channels, `${noticeDeliveryId(noticeId)}:again`)).toEqual({
    email: 'already_sent',
    webhook: 'already_sent',
  });
  expect(mails).toHaveLength(1);
  expect(hooksOf(noticeId).filter((c) => c.answered === 200)).toHaveLength(1);
  rows = await deliveryRows(noticeId);
  expect([rows.email!.attempts, rows.webhook!.attempts]).toEqual([1, 3]);

  // The same cause written again (a retried or replayed activity) is the same notice.
  expect(await outbox(idNumber, caseId)).toEqual({ noticeId, channels: ['email', 'webhook'] });
  expect(await prisma.notice.count({ where: { caseId } })).toBe(1);
  expect(await prisma.noticeDelivery.count({ where: { noticeId: BigInt(noticeId) } })).toBe(2);

  // A person without contact details gets the notice on record but nothing to deliver.
  expect((await outbox(randomTaishanIdNumber(), `${caseId}-nobody`)).channels).toEqual([]);
  await expect(outbox(idNumber, caseId, 'special_disease.no_such_template')).rejects.toThrow('没有通知模板');
  expect(() => renderTemplate({ subject: '{name}', body: '将于{lastValidDay}到期' }, { name: '李四' })).toThrow('lastValidDay');
});

test('a gateway that keeps failing ends failed with its reason, visible to clerks; a supervisor retries it', async () => {
  const idNumber = randomTaishanIdNumber();
  const caseId = `it-notices-${randomUUID()}`;
  const webhookTarget = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  await svc.call(as('taishan.clerk'), 'PUT', '/persons/contact', { idNumber, name: '王五', webhookTarget, channels: ['webhook'] });
  const { noticeId, channels } = await outbox(idNumber, caseId, 'special_disease.expired_grace');
  expect(channels).toEqual(['webhook']);
  refusals.set(noticeId, Infinity);

  // 5 attempts with backoff 1, 2, 4 and 8 seconds.
  expect(await deliver(noticeId, channels)).toEqual({ webhook: 'failed' });
  expect(hooksOf(noticeId).map((c) => c.answered)).toEqual([500, 500, 500, 500, 500]);
  expect((await deliveryRows(noticeId)).webhook).toMatchObject({
    status: 'failed',
    attempts: 5,
    lastError: expect.stringContaining('HTTP 500'),
  });

  const list = (user: string, query = '') => svc.call(as(user), 'GET', `/notices?caseId=${encodeURIComponent(caseId)}${query}`);
  const seen = await list('taishan.supervisor');
  expect(seen.status).toBe(200);
  expect(seen.body.total).toBe(1);
  expect(seen.body.items[0]).toMatchObject({
    id: noticeId,
    caseId,
    jurisdiction: 'taishan',
    template: 'special_disease.expired_grace',
    status: 'failed',
    subject: '门诊特定病种待遇认定已到期：2027年1月30日前仍可补办续期',
    deliveries: [
      {
        channel: 'webhook',
        status: 'failed',
        statusName: '发送失败',
        attempts: 5,
        lastError: expect.stringContaining('HTTP 500'),
        sentAt: null,
      },
    ],
  });
  expect((await list('taishan.clerk', '&status=failed')).body.total).toBe(1);
  expect((await list('taishan.clerk', '&status=sent')).body.total).toBe(0);
  expect((await list('municipal.supervisor')).body.total).toBe(1);
  expect((await list('kaiping.clerk')).body.total).toBe(0);

  const retry = (user: string) => svc.call(as(user), 'POST', `/notices/${noticeId}/retry`);
  expect((await retry('taishan.clerk')).body.code).toBe('ROLE_NOT_ALLOWED');
  expect((await retry('kaiping.supervisor')).body.code).toBe('OUT_OF_JURISDICTION');

  refusals.set(noticeId, 0);
  const retried = await retry('taishan.supervisor');
  expect(retried.status).toBe(202);
  expect(retried.body).toMatchObject({ noticeId, channels: ['webhook'], workflowId: `${noticeDeliveryId(noticeId)}:retry-5` });
  expect(await svc.api.client.workflow.getHandle(retried.body.workflowId).result()).toEqual({ webhook: 'sent' });
  expect((await deliveryRows(noticeId)).webhook).toMatchObject({ status: 'sent', attempts: 6, sentAt: expect.any(Date) });
  expect(hooksOf(noticeId).filter((c) => c.answered === 200)).toHaveLength(1);
  expect((await list('taishan.clerk')).body.items[0]).toMatchObject({ status: 'sent', statusName: '已发送' });

  const again = await retry('taishan.supervisor');
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('CASE_WRONG_STATE');
}, 60_000);

test('templates are data an administrator edits, but no placeholder may be dropped', async () => {
  const templates = await svc.call(as('municipal.admin'), 'GET', '/notice-templates');
  expect(templates.status).toBe(200);
  const byKey = Object.fromEntries(templates.body.map((t: any) => [t.key, t]));
  expect(byKey['special_disease.window_open'].placeholders).toEqual(['disease', 'lastValidDay', 'name', 'windowOpens']);
  for (const key of ['window_opens_soon', 'window_open', 'expiring_soon', 'expired_grace', 'lapsed'])
    expect(byKey[`special_disease.${key}`]).toBeDefined();
  expect((await svc.call(as('taishan.clerk'), 'GET', '/notice-templates')).body.code).toBe('ROLE_NOT_ALLOWED');

  const grace = byKey['special_disease.expired_grace'];
  const put = (body: object) => svc.call(as('municipal.admin'), 'PUT', '/notice-templates/special_disease.expired_grace', body);
  const dropped = await put({
    subject: grace.subject.replaceAll('{graceEnds}', '30日内'),
    body: grace.body.replaceAll('{graceEnds}', '30日内'),
  });
  expect(dropped.status).toBe(400);
  expect(dropped.body).toMatchObject({ code: 'VALIDATION_FAILED', facts: { missing: ['graceEnds'] } });
  expect((await put({ subject: grace.subject, body: `${grace.body}{hotline}` })).body.facts).toMatchObject({ unknown: ['hotline'] });
  // The shared template is left as it was (other test files send it); saving it unchanged is allowed.
  const saved = await put({ subject: grace.subject, body: grace.body });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ subject: grace.subject, updatedBy: 'municipal.admin' });
  expect((await svc.call(as('municipal.admin'), 'PUT', '/notice-templates/no.such_template', { subject: 'x', body: 'y' })).status).toBe(
    404,
  );
});

test('without an SMTP server the email is an .eml file; without a gateway the webhook fails with a reason', async () => {
  const mailDir = mkdtempSync(path.join(os.tmpdir(), 'notices-mail-'));
  try {
    const activities = createNoticeActivities({ prisma, logger: testLogger, config: loadConfig({ NOTICE_MAIL_DIR: mailDir }) });
    const idNumber = randomTaishanIdNumber();
    await prisma.personContact.create({
      data: {
        personKey: personKeyOf(idNumber),
        name: '赵六',
        email: 'zhao@example.cn',
        webhookTarget: 'wx-zhao',
        channels: ['webhook', 'email'],
        updatedAt: new Date(),
      },
    });
    const { noticeId, channels } = await outbox(idNumber, `it-notices-${randomUUID()}`, 'special_disease.lapsed');
    expect(channels).toEqual(['webhook', 'email']);

    expect(await activities.deliverNotice({ noticeId, channel: 'email' })).toBe('sent');
    expect(await activities.deliverNotice({ noticeId, channel: 'email' })).toBe('already_sent');
    const eml = readMail(readFileSync(path.join(mailDir, `notice-${noticeId}-email.eml`), 'utf8'));
    expect(eml.subject).toBe('门诊特定病种待遇认定已失效');
    expect(eml.body).toContain('已于2027年1月31日失效');

    const failure = await activities.deliverNotice({ noticeId, channel: 'webhook' }).catch((e) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, message: expect.stringContaining('NOTICE_WEBHOOK_URL') });
    expect((await deliveryRows(noticeId)).webhook).toMatchObject({ status: 'pending', attempts: 1, lastError: failure.message });
    await activities.markDeliveryFailed({ noticeId, channel: 'webhook', error: failure.message });
    await activities.markDeliveryFailed({ noticeId, channel: 'email', error: 'late duplicate' });
    const rows = await deliveryRows(noticeId);
    expect([rows.webhook!.status, rows.email!.status]).toEqual(['failed', 'sent']);
  } finally {
    rmSync(mailDir, { recursive: true, force: true });
  }
});

test('webhook signatures: right secret, untouched body, fresh timestamp', () => {
  const body = '{"noticeId":"1"}';
  const sig = webhookSignature('s'.repeat(32), '1767139200', body);
  expect(chineseDate('2027-01-05')).toBe('2027年1月5日');
  expect(verifyWebhookSignature('s'.repeat(32), '1767139200', body, sig, 1767139200 + 299)).toBe(true);
  expect(verifyWebhookSignature('s'.repeat(32), '1767139200', body, sig, 1767139200 + 301)).toBe(false);
  expect(verifyWebhookSignature('t'.repeat(32), '1767139200', body, sig, 1767139200)).toBe(false);
  expect(verifyWebhookSignature('s'.repeat(32), '1767139200', `${body} `, sig, 1767139200)).toBe(false);
  expect(verifyWebhookSignature('s'.repeat(32), '1767139201', body, sig, 1767139200)).toBe(false);
  expect(verifyWebhookSignature('s'.repeat(32), '1767139200', body, undefined, 1767139200)).toBe(false);
});

test("a contact belongs to the insured county: another county's clerks neither read nor change it; a change is audited and told on the old channel", async () => {
  const idNumber = randomIdNumber();
  const personKey = personKeyOf(idNumber);
  const oldEmail = `old.${randomUUID().slice(0, 8)}@example.cn`;
  const newEmail = `new.${randomUUID().slice(0, 8)}@example.cn`;
  const registered = await svc.call(as('taishan.clerk'), 'PUT', '/persons/contact', {
    idNumber,
    name: '赵六',
    email: oldEmail,
    channels: ['email'],
  });
  expect(registered).toMatchObject({ status: 200, body: { insuredCounty: 'taishan', email: oldEmail, updatedBy: 'taishan.clerk' } });

  const hijack = await svc.call(as('kaiping.clerk'), 'PUT', '/persons/contact', {
    idNumber,
    name: '赵六',
    email: 'attacker@example.com',
    channels: ['email'],
  });
  expect(hijack).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION', facts: { insuredCounty: 'taishan' } } });
  expect((await svc.call(as('kaiping.clerk'), 'POST', '/persons/contact/lookup', { idNumber })).status).toBe(403);
  expect((await svc.call(as('kaiping.supervisor'), 'POST', '/persons/contact/lookup', { idNumber })).status).toBe(403);
  expect(await prisma.personContact.findUnique({ where: { personKey } })).toMatchObject({ email: oldEmail });
  // The refusal is on record, without the ID number (it travelled in the body, not the URL).
  const refused = await prisma.securityEvent.findFirst({ where: { actor: 'kaiping.clerk', target: `person-contact:${personKey}` } });
  expect(refused).toMatchObject({ method: 'PUT', path: '/persons/contact', code: 'OUT_OF_JURISDICTION' });
  const paths = (await prisma.securityEvent.findMany({ where: { target: `person-contact:${personKey}` } })).map((e) => e.path);
  expect(paths.length).toBeGreaterThanOrEqual(3);
  expect(paths.join()).not.toContain(idNumber);

  const changed = await svc.call(as('taishan.clerk'), 'PUT', '/persons/contact', {
    idNumber,
    name: '赵六',
    email: newEmail,
    channels: ['email'],
  });
  expect(changed).toMatchObject({ status: 200, body: { email: newEmail } });
  const audit = await prisma.auditEvent.findMany({ where: { caseId: `person-contact:${personKey}` }, orderBy: { seq: 'asc' } });
  expect(audit.map((a) => [a.action, a.actor, a.office])).toEqual([
    ['contact_registered', 'taishan.clerk', 'taishan'],
    ['contact_changed', 'taishan.clerk', 'taishan'],
  ]);
  expect(audit[1]!.before).toMatchObject({ email: `o***@example.cn` });
  expect(audit[1]!.after).toMatchObject({ email: `n***@example.cn` });
  expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(oldEmail);

  // The person hears of it at the old address, through the outbox.
  const notice = await prisma.notice.findFirstOrThrow({
    where: { personKey, template: 'person.contact_changed' },
    include: { deliveries: true },
  });
  expect(notice.deliveries).toMatchObject([{ channel: 'email', address: oldEmail }]);
  for (let i = 0; i < 100 && (await deliveryRows(String(notice.id))).email?.status !== 'sent'; i++)
    await new Promise((r) => setTimeout(r, 200));
  expect((await deliveryRows(String(notice.id))).email).toMatchObject({ status: 'sent' });
  const told = mails.map(readMail).filter((m) => m.to.includes(oldEmail));
  expect(told).toHaveLength(1);
  expect(told[0]!.subject).toBe('您的医保通知接收方式已变更');
  expect(told[0]!.body).toContain('台山医疗保障经办机构窗口变更了您接收医保通知的方式（电子邮箱）');
  expect(mails.map(readMail).filter((m) => m.to.includes(newEmail))).toHaveLength(0);

  // Overseers read it masked; the county's own clerks in full.
  expect((await svc.call(as('municipal.supervisor'), 'POST', '/persons/contact/lookup', { idNumber })).body).toMatchObject({
    email: 'n***@example.cn',
  });
  expect((await svc.call(as('taishan.clerk'), 'POST', '/persons/contact/lookup', { idNumber })).body).toMatchObject({ email: newEmail });
});
