/**
 * The fund's books as the API shows them (api/routes/ledger.ts): a journal entry, the trial balance,
 * an account's ledger, the period statement and a settlement import's result, typed with the
 * domain's account codes and sides (domain/ledger.ts). The workbench types its ledger page from these.
 */
import { z } from 'zod';
import { accountCodeSchema, sides } from '../ledger';
import { jurisdictionSchema } from '../people';

const fen = z.number().int();
const side = z.enum(sides);
const totalsSchema = z.object({ debitFen: fen, creditFen: fen });

export const entryViewSchema = z.object({
  id: z.string(),
  agency: jurisdictionSchema,
  date: z.string(),
  memo: z.string(),
  source: z.object({ kind: z.string(), key: z.string() }),
  postedBy: z.string(),
  postedAt: z.string(),
  reversesId: z.string().nullable(),
  reversedBy: z.object({ id: z.string(), date: z.string() }).nullable(),
  lines: z.array(z.object({ account: accountCodeSchema, name: z.string(), side, amountFen: fen })),
  totals: totalsSchema,
});
export const trialBalanceSchema = z.object({
  agency: jurisdictionSchema,
  asOf: z.string().nullable(),
  rows: z.array(
    z.object({
      account: accountCodeSchema,
      name: z.string(),
      normalSide: side,
      debitFen: fen,
      creditFen: fen,
      balanceFen: fen,
    }),
  ),
  totals: totalsSchema,
  balanced: z.boolean(),
});
export const accountLedgerSchema = z.object({
  agency: jurisdictionSchema,
  account: accountCodeSchema,
  name: z.string(),
  normalSide: side,
  from: z.string(),
  to: z.string(),
  openingFen: fen,
  lines: z.array(
    z.object({
      date: z.string(),
      entryId: z.string(),
      memo: z.string(),
      account: accountCodeSchema,
      accountName: z.string(),
      debitFen: fen,
      creditFen: fen,
      balanceFen: fen,
    }),
  ),
  totals: totalsSchema,
  closingFen: fen,
});
const accountAmount = { account: accountCodeSchema, name: z.string() };
export const statementSchema = z.object({
  agency: jurisdictionSchema,
  period: z.string(),
  from: z.string(),
  to: z.string(),
  assets: z.array(z.object({ ...accountAmount, openingFen: fen, changeFen: fen, closingFen: fen })),
  income: z.array(z.object({ ...accountAmount, amountFen: fen })),
  expense: z.array(z.object({ ...accountAmount, amountFen: fen })),
  totals: z.object({ openingAssetsFen: fen, closingAssetsFen: fen, incomeFen: fen, expenseFen: fen, surplusFen: fen }),
});
export const settlementImportResultSchema = z.object({
  batch: z.string(),
  posted: z.number().int(),
  alreadyPosted: z.number().int(),
  totalFen: fen,
});
