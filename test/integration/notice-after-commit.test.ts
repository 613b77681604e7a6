/**
 * A notice a timer causes (a certification's renewal window opening) is sent by its record-event
 * right after the commit, without a delivery workflow of its own (issue 19: at the month-end peak
 * the workflow per notice was the slow step). What that one attempt cannot do is left to the
 * delivery workflow: a gateway that fails (the workflow retries with backoff), and a channel with
 * a quota (its turn comes from the rate-limited queue). Each notice reaches the gateway once, also
 * when the run's first task waited in a backlog past its send minute.
 * Real worker, dev server, PostgreSQL and a local gateway that refuses on demand.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { personKeyOf } from '../../api/routes/care';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../domain/dates';
import { defaultNoticeOffsets, periodFrom } from '../../domain/special-disease';
import { noticeDeliveryId } from '../../workflows/notice-delivery';
import { specialDiseaseCertification } from '../../workflows/special-disease-certification';
import { newCertification } from '../support/certification';
import { testPrisma } from '../support/env';
import { ISOLATED_NAMESPACE } from '../../scripts/lib/services';
import { randomIdNumber } from '../support/id-number';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
const secret = randomBytes(16).toString('hex');
const mailDir = mkdtempSync(path.join(os.tmpdir(), 'notice-after-commit-'));
let svc: TestService;
let quotaSvc: TestService;
let channels: Record<string, string>;
const due: Record<'plain' | 'refused' | 'quota' | 'backlog', { id: string; personKey: string; sendAt: number }> = {} as never;
/** a queue no worker polls until the backlog test starts one: the run's first task waits past its send minute */
const backlogQueue = `it-notice-after-commit-backlog-${randomUUID()}`;

/**
 * Each request the gateway got: the notice and its answer. `refusals` answers 500 that many times
 * first, by the person's webhook target (the notice's ID is known only once it is written).
 */
const arrivals: { noticeId: string; answered: number }[] = [];
const refusals = new Map<string, number>();
const gateway = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const noticeId = String(req.headers['x-notice-id']);
    const { to } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string };
    const seen = arrivals.filter((a) => a.noticeId === noticeId).length;
    const answered = seen < (refusals.get(to) ?? 0) ? 500 : 200;
    arrivals.push({ noticeId, answered });
    res.writeHead(answered, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: answered === 200 }));
  });
});
const arrivalsOf = (noticeId: string) => arrivals.filter((a) => a.noticeId === noticeId).map((a) => a.answered);

beforeAll(async () => {
  const port = await new Promise<number>((resolve) =>
    gateway.listen(0, '127.0.0.1', () => resolve((gateway.address() as AddressInfo).port)),
  );
  channels = {
    NOTICE_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    NOTICE_WEBHOOK_SECRET: secret,
    NOTICE_MAIL_DIR: mailDir,
    // A notice-policy change elsewhere in the suite (special-disease-http) signals every running
    // certification to re-plan with the agency's send window, which has opened already today: these
    // would then skip their notice. In a namespace of their own they are not reached.
    TEMPORAL_NAMESPACE: ISOLATED_NAMESPACE,
  };
  svc = await startTestService(prisma, `it-notice-after-commit-${randomUUID()}`, channels);
  quotaSvc = await startTestService(prisma, `it-notice-after-commit-quota-${randomUUID()}`, {
    ...channels,
    NOTICE_WEBHOOK_PER_SECOND: '5',
  });
  // Not in the last minutes of a Shanghai day: the window must open today.
  while (Date.now() - startOfShanghaiDay(shanghaiDate(Date.now())) > (1440 - 3) * 60_000) await new Promise((r) => setTimeout(r, 5_000));
  due.plain = await certificationDueNow(svc, ['webhook', 'email']);
  due.refused = await certificationDueNow(svc, ['webhook'], 2);
  due.quota = await certificationDueNow(quotaSvc, ['webhook', 'email']);
  due.backlog = await certificationDueNow(svc, ['webhook'], 0, backlogQueue);
}, 300_000);

afterAll(async () => {
  await svc?.stop();
  await quotaSvc?.stop();
  await new Promise((r) => gateway.close(() => r(null)));
  await prisma.$disconnect();
  rmSync(mailDir, { recursive: true, force: true });
});

/**
 * A running certification whose renewal window opens today at the coming whole minute (the
 * policy's startMinute; a window already open when the period is planned is skipped, not sent
 * late), so its "window open" notice falls due within about a minute; and the person's contact.
 * The tests create theirs together (beforeAll) and so wait for one minute, not three.
 */
async function certificationDueNow(
  service: TestService,
  channels: ('webhook' | 'email')[],
  gatewayRefuses = 0,
  taskQueue = service.config.TEMPORAL_TASK_QUEUE,
): Promise<{ id: string; personKey: string; sendAt: number }> {
  const idNumber = randomIdNumber({ region: '440781' });
  const personKey = personKeyOf(idNumber);
  const webhookTarget = `wx-${randomUUID()}`;
  refusals.set(webhookTarget, gatewayRefuses);
  await prisma.personContact.create({
    data: {
      personKey,
      name: '赵六',
      email: `z.${randomUUID().slice(0, 8)}@example.cn`,
      webhookTarget,
      channels,
      insuredCounty: 'taishan',
      updatedAt: new Date(),
    },
  });
  const now = Date.now();
  const today = shanghaiDate(now);
  const startMinute = Math.floor((now + 10_000 - startOfShanghaiDay(today)) / 60_000) + 1;
  const period = periodFrom(addDays(today, 29 - 365 + 1), 12); // ends in 29 days: the window opens today
  const state = newCertification({
    idNumber,
    name: '赵六',
    period,
    createdBy: { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan' },
    offsets: { ...defaultNoticeOffsets, startMinute, spreadMinutes: 0 },
  });
  const id = state.certificationId;
  await service.api.client.workflow.start(specialDiseaseCertification, {
    workflowId: id,
    taskQueue,
    args: [{ state, recordCreation: true }],
  });
  return { id, personKey, sendAt: startOfShanghaiDay(today) + startMinute * 60_000 };
}

/** Waits until every delivery of the certification's window-open notice is settled (sent or failed). */
async function settledNotice(caseId: string) {
  for (let i = 0; i < 600; i++) {
    const notice = await prisma.notice.findFirst({
      where: { caseId, template: 'special_disease.window_open' },
      include: { deliveries: true },
    });
    if (notice && notice.deliveries.length && notice.deliveries.every((d) => d.status !== 'pending')) return notice;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the window-open notice of ${caseId} was not delivered within 2 minutes`);
}

const deliveryWorkflowOf = async (service: TestService, noticeId: string) => {
  try {
    return await service.api.client.workflow.getHandle(noticeDeliveryId(noticeId)).describe();
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return null;
    throw e;
  }
};

/** The case's notice, settled: sent on the webhook and the e-mail at the first attempt, at the gateway once. */
async function sentOnceOnBothChannels(caseId: string): Promise<string> {
  const notice = await settledNotice(caseId);
  expect(Object.fromEntries(notice.deliveries.map((d) => [d.channel, [d.status, d.attempts]]))).toEqual({
    webhook: ['sent', 1],
    email: ['sent', 1],
  });
  expect(arrivalsOf(String(notice.id))).toEqual([200]);
  return String(notice.id);
}

test("a timer's notice is sent once by its record-event, on each channel, with no delivery workflow", async () => {
  const { id } = due.plain;
  const noticeId = await sentOnceOnBothChannels(id);
  expect(readdirSync(mailDir)).toContain(`notice-${noticeId}-email.eml`);
  expect(await deliveryWorkflowOf(svc, noticeId)).toBeNull();
  expect(await prisma.notice.count({ where: { caseId: id } })).toBe(1);
}, 90_000);

test('a gateway that refuses the first attempt leaves the channel to the delivery workflow, which retries it', async () => {
  const { id } = due.refused;
  const notice = await settledNotice(id);
  const noticeId = String(notice.id);
  // One attempt by the record-event, then the workflow's: refused once more, then sent.
  expect(arrivalsOf(noticeId)).toEqual([500, 500, 200]);
  expect(notice.deliveries[0]).toMatchObject({ channel: 'webhook', status: 'sent', attempts: 3 });
  // The row is marked sent inside the workflow's last activity; the workflow ends just after it.
  expect(await deliveryWorkflowOf(svc, noticeId)).not.toBeNull();
  expect(await svc.api.client.workflow.getHandle(noticeDeliveryId(noticeId)).result()).toEqual({ webhook: 'sent' });
  expect((await deliveryWorkflowOf(svc, noticeId))?.status.name).toBe('COMPLETED');
}, 90_000);

test('a channel with a quota waits for its turn in the delivery workflow; one without is sent at once', async () => {
  const { id } = due.quota;
  const noticeId = await sentOnceOnBothChannels(id);
  // The workflow delivered only the webhook (the e-mail was sent by the record-event).
  expect(await quotaSvc.api.client.workflow.getHandle(noticeDeliveryId(noticeId)).result()).toEqual({ webhook: 'sent' });
}, 90_000);

test('a certification made before its send minute is told although its first task ran after it (a backlog at the peak)', async () => {
  const { id, sendAt } = due.backlog;
  while (Date.now() < sendAt + 5_000) await new Promise((r) => setTimeout(r, 1_000));
  // Only now does a worker poll the certification's queue: its period is planned after the minute.
  const late = await startTestService(prisma, backlogQueue, channels);
  try {
    const notice = await settledNotice(id);
    expect(notice.deliveries.map((d) => [d.channel, d.status])).toEqual([['webhook', 'sent']]);
    expect(arrivalsOf(String(notice.id))).toEqual([200]);
  } finally {
    await late.stop();
  }
}, 180_000);
