/**
 * The SMS gateway's quota (issue 19): with NOTICE_WEBHOOK_PER_SECOND set, a burst of notices is
 * delivered to the gateway no faster than the quota (Temporal's task-queue rate limit on the
 * channel's own queue), every notice still exactly once; e-mail, without a quota, is not held back.
 * Real worker, dev server, PostgreSQL and a local gateway that records when each request came.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chineseDate, writeNotice } from '../../activities/notices';
import { personKeyOf } from '../../api/routes/care';
import { noticeDelivery, noticeDeliveryId } from '../../workflows/notice-delivery';
import { testPrisma } from '../support/env';
import { randomIdNumber } from '../support/id-number';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
const secret = randomBytes(16).toString('hex');
const PER_SECOND = 2;
const NOTICES = 10;
const mailDir = mkdtempSync(path.join(os.tmpdir(), 'notice-rate-'));
let svc: TestService;

const arrivals: { noticeId: string; at: number }[] = [];
const gateway = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    arrivals.push({ noticeId: String(req.headers['x-notice-id']), at: Date.now() });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
});

beforeAll(async () => {
  const port = await new Promise<number>((resolve) =>
    gateway.listen(0, '127.0.0.1', () => resolve((gateway.address() as AddressInfo).port)),
  );
  svc = await startTestService(prisma, `it-notice-rate-${randomUUID()}`, {
    NOTICE_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    NOTICE_WEBHOOK_SECRET: secret,
    NOTICE_WEBHOOK_PER_SECOND: String(PER_SECOND),
    NOTICE_MAIL_DIR: mailDir,
  });
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await new Promise((r) => gateway.close(() => r(null)));
  await prisma.$disconnect();
  rmSync(mailDir, { recursive: true, force: true });
});

const params = {
  name: '李四',
  disease: '糖尿病',
  windowOpens: chineseDate('2026-12-02'),
  lastValidDay: chineseDate('2026-12-31'),
  graceEnds: chineseDate('2027-01-30'),
  lapsedOn: chineseDate('2027-01-31'),
};

test('a burst of notices reaches the SMS gateway at its quota, each exactly once; e-mail goes at once', async () => {
  const notices: { noticeId: string; channels: string[] }[] = [];
  for (let i = 0; i < NOTICES; i++) {
    const idNumber = randomIdNumber({ region: '440781' });
    const personKey = personKeyOf(idNumber);
    await prisma.personContact.create({
      data: {
        personKey,
        name: '李四',
        email: `p${i}@example.cn`,
        webhookTarget: `wx-${randomUUID()}`,
        channels: ['webhook', 'email'],
        insuredCounty: 'taishan',
        updatedAt: new Date(),
      },
    });
    const caseId = `it-notice-rate-${randomUUID()}`;
    notices.push(
      await prisma.$transaction((tx) =>
        writeNotice(tx, {
          sourceKey: `${caseId}:window_open`,
          personKey,
          jurisdiction: 'taishan',
          caseId,
          template: 'special_disease.window_open',
          params,
        }),
      ),
    );
  }
  const started = Date.now();
  const outcomes = await Promise.all(
    notices.map((n) =>
      svc.api.client.workflow.execute(noticeDelivery, {
        taskQueue: svc.config.TEMPORAL_TASK_QUEUE,
        workflowId: noticeDeliveryId(n.noticeId),
        args: [n],
      }),
    ),
  );
  expect(outcomes).toEqual(notices.map(() => ({ webhook: 'sent', email: 'sent' })));

  // Each notice once at the gateway.
  expect(arrivals.map((a) => a.noticeId).sort()).toEqual(notices.map((n) => n.noticeId).sort());
  // At the quota: Temporal lets a first burst through (the dev server splits a task queue into
  // partitions, each with its own share and burst), then holds the rest to the quota. 10 requests
  // at 2 per second take 2.5 s or more; without the limit all 10 arrive within a second.
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2_500);
  const afterBurst = times.filter((t) => t >= times[0]! + 1000);
  for (const from of afterBurst) {
    expect(afterBurst.filter((t) => t >= from && t < from + 2000).length).toBeLessThanOrEqual(2 * PER_SECOND + 1);
  }
  // E-mail has no quota: its .eml files were all written (the delivery rows say sent) without waiting on the gateway's turn.
  expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(NOTICES);
  const rows = await prisma.noticeDelivery.findMany({ where: { noticeId: { in: notices.map((n) => BigInt(n.noticeId)) } } });
  expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  const emailSentBy = Math.max(...rows.filter((r) => r.channel === 'email').map((r) => r.sentAt!.getTime()));
  expect(emailSentBy - started).toBeLessThan(times.at(-1)! - started);
}, 120_000);
