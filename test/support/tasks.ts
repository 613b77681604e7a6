/**
 * Many open service cases at 审核 for the work-queue tests, written as their read model holds them
 * (the queue reads the read model; starting 1,000 workflows would test Temporal, not the queue):
 * due three a day from 2025-01-06 on, so all are overdue and the order is known.
 */
import type { PrismaClient } from '../../platform/prisma';
import type { Jurisdiction } from '../../domain/people';
import { idNumberOf } from './id-number';

export const RETIREMENT = '442189209003'; // 职工医保退休待遇核定: 申请-受理-审核-办结

export async function insertOpenCases(prisma: PrismaClient, county: Jurisdiction, prefix: string, count: number): Promise<string[]> {
  const now = new Date();
  const rows = Array.from({ length: count }, (_, i) => {
    const no = `${prefix}-${String(i).padStart(5, '0')}`;
    const due = new Date(Date.UTC(2025, 0, 6 + Math.floor(i / 3)));
    return {
      id: `service-case:${RETIREMENT}:${no}`,
      itemCode: RETIREMENT,
      applicationNo: no,
      jurisdiction: county,
      channel: 'counter',
      applicantName: `申请人${i}`,
      applicantIdNumber: idNumberOf('440703', '1958-03-04', i % 1000),
      status: 'open',
      pendingStep: 'review',
      completedSteps: ['apply', 'accept'],
      createdBy: `${county}.clerk`,
      appliedAt: now,
      acceptedOn: '2024-12-30',
      dueDate: due.toISOString().slice(0, 10),
      dueFrom: '2024-12-30',
      dueWorkingDays: 5,
      dueAt: new Date(due.getTime() + 16 * 3600_000),
      version: 2,
      updatedAt: now,
    };
  });
  await prisma.serviceCase.createMany({ data: rows, skipDuplicates: true });
  return rows.map((r) => r.id);
}
