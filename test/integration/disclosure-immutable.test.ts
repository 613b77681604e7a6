/**
 * A published disclosure is immutable in the database itself (001 §25, 附件2; issue 16): its table,
 * totals and who published it cannot be changed or deleted by anyone; only the two marks the service
 * makes are allowed (superseded by its published correction, the end of its objection period). A
 * draft changes freely (it is rebuilt from the books).
 */
import { randomUUID } from 'node:crypto';
import { testPrisma } from '../support/env';

const prisma = testPrisma();
afterAll(() => prisma.$disconnect());

/** A disclosure of 恩平 in a quarter no other test uses, under an id of its own. */
async function disclosure(status: 'draft' | 'published') {
  const quarter = '2015-Q1';
  const version = Math.floor(Math.random() * 1e6) + 10;
  const id = `enping:${quarter}:v${version}`;
  await prisma.assistanceDisclosure.create({
    data: {
      id,
      agency: 'enping',
      quarter,
      version,
      status,
      periodFrom: '2015-01-01',
      periodTo: '2015-03-31',
      rows: [{ no: 1, category: 'extreme_poverty', name: '特困人员', occasions: 1, amountFen: 40_000 }],
      totalOccasions: 1,
      totalFen: 40_000n,
      ledgerSpendingFen: 40_000n,
      builtBy: `enping.finance.${randomUUID().slice(0, 4)}`,
      builtAt: new Date(),
      ...(status === 'published'
        ? {
            reviewedBy: 'enping.reviewer',
            publishedBy: 'enping.approver',
            publishedAt: new Date(),
            publishedOn: '2015-04-10',
            objectionUntil: '2015-07-10',
          }
        : {}),
    },
  });
  return id;
}

test('a published table, its totals and its publisher cannot be changed or deleted', async () => {
  const id = await disclosure('published');
  await expect(prisma.assistanceDisclosure.update({ where: { id }, data: { totalFen: 1n } })).rejects.toThrow(/cannot be changed/);
  await expect(prisma.assistanceDisclosure.update({ where: { id }, data: { rows: [] } })).rejects.toThrow(/cannot be changed/);
  await expect(prisma.assistanceDisclosure.update({ where: { id }, data: { publishedBy: 'someone' } })).rejects.toThrow(
    /cannot be changed/,
  );
  await expect(prisma.assistanceDisclosure.update({ where: { id }, data: { status: 'draft' } })).rejects.toThrow(/cannot be changed/);
  await expect(prisma.assistanceDisclosure.delete({ where: { id } })).rejects.toThrow(/cannot be deleted/);
  expect(await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'published',
    totalFen: 40_000n,
    publishedBy: 'enping.approver',
  });
});

test('the marks the service makes are allowed: the objection period closed once, superseded by a correction', async () => {
  const id = await disclosure('published');
  const closedAt = new Date('2015-07-11T00:00:00Z');
  await prisma.assistanceDisclosure.update({ where: { id }, data: { objectionClosedAt: closedAt } });
  await expect(prisma.assistanceDisclosure.update({ where: { id }, data: { objectionClosedAt: new Date() } })).rejects.toThrow(
    /cannot be changed/,
  );
  await prisma.assistanceDisclosure.update({ where: { id }, data: { status: 'superseded' } });
  await expect(prisma.assistanceDisclosure.update({ where: { id }, data: { status: 'published' } })).rejects.toThrow(/cannot be changed/);
  expect(await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'superseded',
    objectionClosedAt: closedAt,
  });
});

test('a draft is rebuilt freely', async () => {
  const id = await disclosure('draft');
  await prisma.assistanceDisclosure.update({ where: { id }, data: { totalFen: 1n, status: 'reviewed' } });
  expect((await prisma.assistanceDisclosure.findUniqueOrThrow({ where: { id } })).totalFen).toBe(1n);
});
