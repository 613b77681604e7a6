/**
 * The disclosure's table is built "from the ledger and claims" (issue 16; 001 §25, 附件2): a paid
 * assistance claim (零星报销, 001 §13) counts as one occasion of the recipient type it was assessed
 * under, whether assessed from the register or from the claim's evidence (附件1's boxes), and its
 * amount leaves the row without a type. Real PostgreSQL and the ledger's own posting rule; 恩平's
 * books in 2015, which no other test uses (the suite shares one database).
 */
import { randomUUID } from 'node:crypto';
import { postAssistanceReimbursement } from '../../domain/ledger';
import type { AssistanceFacts } from '../../domain/reimbursement';
import { postJournalEntry } from '../../store/ledger';
import { disclosureTableFor } from '../../store/assistance-reports';
import { testPrisma } from '../support/env';
import { claimRow } from '../support/reimbursement';

const prisma = testPrisma();
afterAll(() => prisma.$disconnect());

async function paidClaim(category: string, source: 'register' | 'claim_evidence', care: 'outpatient' | 'inpatient', fen: number) {
  const id = `reimbursement:test:${randomUUID()}`;
  const { entryId } = await postJournalEntry(
    prisma,
    postAssistanceReimbursement({ agency: 'enping', date: '2015-05-10', category: care, amountFen: fen, claimId: id }),
    'enping.finance',
  );
  await prisma.reimbursementClaim.create({
    data: claimRow({
      id,
      claimNo: id.slice(-12),
      kind: 'assistance',
      personKey: randomUUID().slice(0, 16),
      personName: '吴测试',
      idNumber: '440785199001011234',
      jurisdiction: 'enping',
      status: 'completed',
      acceptedOn: '2015-04-20',
      claimedFen: BigInt(fen),
      decidedFen: BigInt(fen),
      paidFen: BigInt(fen),
      entryId: BigInt(entryId),
      assistance: {
        care,
        assessedCategory: {
          category,
          source,
          rule: 'visit_date',
          article: '001 §11',
          explanation: '',
        } as AssistanceFacts['assessedCategory'],
      },
      createdBy: 'enping.clerk',
    }),
  });
}

test("paid assistance claims are occasions of their recipient type; the ledger's total is unchanged", async () => {
  const row = (t: Awaited<ReturnType<typeof disclosureTableFor>>, category: string) => t.rows.find((r) => r.category === category)!;
  const before = await disclosureTableFor(prisma, 'enping', '2015-04-01', '2015-06-30');
  await paidClaim('minimum_living', 'register', 'inpatient', 123_456);
  await paidClaim('subsistence_allowance', 'claim_evidence', 'outpatient', 10_000); // 附件1 "最低生活保障对象"
  await paidClaim('child_leukaemia_chd', 'claim_evidence', 'inpatient', 5_000); // 001 §14: a claim condition, no type
  const after = await disclosureTableFor(prisma, 'enping', '2015-04-01', '2015-06-30');

  expect(row(after, 'minimum_living').occasions! - row(before, 'minimum_living').occasions!).toBe(2);
  expect(row(after, 'minimum_living').amountFen - row(before, 'minimum_living').amountFen).toBe(133_456);
  expect(after.ledgerSpendingFen - before.ledgerSpendingFen).toBe(138_456);
  expect(after.totalFen).toBe(after.ledgerSpendingFen); // the table still adds up to the ledger
  const untyped = (t: typeof after) => t.rows.find((r) => r.occasions === null)?.amountFen ?? 0;
  expect(untyped(after) - untyped(before)).toBe(5_000);
});
