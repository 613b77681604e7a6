-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'fiscal';

-- CreateTable
CREATE TABLE "JournalEntry" (
    "id" BIGSERIAL NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "date" TEXT NOT NULL,
    "memo" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "postedBy" TEXT NOT NULL,
    "postedAt" TIMESTAMPTZ(3) NOT NULL,
    "reversesId" BIGINT,

    CONSTRAINT "JournalEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JournalLine" (
    "id" BIGSERIAL NOT NULL,
    "entryId" BIGINT NOT NULL,
    "account" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,

    CONSTRAINT "JournalLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundRequest" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "basisFen" BIGINT NOT NULL,
    "carryoverFen" BIGINT NOT NULL,
    "proposedFen" BIGINT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "calculation" JSONB NOT NULL,
    "adjustReason" TEXT,
    "dueDate" TEXT,
    "submittedOn" TEXT,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "decidedBy" TEXT,
    "returnReason" TEXT,
    "entryId" BIGINT,
    "remindedAt" TIMESTAMPTZ(3),
    "breachedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FundRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JournalEntry_reversesId_key" ON "JournalEntry"("reversesId");

-- CreateIndex
CREATE INDEX "JournalEntry_agency_date_idx" ON "JournalEntry"("agency", "date");

-- CreateIndex
CREATE UNIQUE INDEX "JournalEntry_agency_sourceKind_sourceKey_key" ON "JournalEntry"("agency", "sourceKind", "sourceKey");

-- CreateIndex
CREATE INDEX "JournalLine_entryId_idx" ON "JournalLine"("entryId");

-- CreateIndex
CREATE INDEX "JournalLine_account_idx" ON "JournalLine"("account");

-- CreateIndex
CREATE INDEX "FundRequest_agency_status_idx" ON "FundRequest"("agency", "status");

-- CreateIndex
CREATE UNIQUE INDEX "FundRequest_kind_agency_period_key" ON "FundRequest"("kind", "agency", "period");

-- AddForeignKey
ALTER TABLE "JournalLine" ADD CONSTRAINT "JournalLine_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "JournalEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Ledger rules the database enforces itself (written by hand; Prisma's schema cannot express them).
-- 001 §17: double entry. Amounts are positive fen on one side each.
ALTER TABLE "JournalLine" ADD CONSTRAINT "JournalLine_side_check" CHECK ("side" IN ('debit', 'credit'));
ALTER TABLE "JournalLine" ADD CONSTRAINT "JournalLine_amount_check" CHECK ("amountFen" > 0);

-- Every entry balances, checked when the transaction commits (after all its lines are in).
CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry_id BIGINT;
  debits NUMERIC;
  credits NUMERIC;
  line_count INT;
BEGIN
  -- NEW is a JournalEntry or a JournalLine row; each names the entry differently.
  IF TG_TABLE_NAME = 'JournalEntry' THEN
    entry_id := NEW."id";
  ELSE
    entry_id := NEW."entryId";
  END IF;
  SELECT COALESCE(SUM(CASE WHEN "side" = 'debit' THEN "amountFen" END), 0),
         COALESCE(SUM(CASE WHEN "side" = 'credit' THEN "amountFen" END), 0),
         COUNT(*)
    INTO debits, credits, line_count
    FROM "JournalLine" WHERE "entryId" = entry_id;
  IF line_count < 2 OR debits <> credits THEN
    RAISE EXCEPTION 'journal entry % is not balanced: debits % fen, credits % fen, % lines', entry_id, debits, credits, line_count
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "JournalEntry_balanced" AFTER INSERT ON "JournalEntry"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();
CREATE CONSTRAINT TRIGGER "JournalLine_balanced" AFTER INSERT ON "JournalLine"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

-- Posted entries are immutable: corrections are reversing entries.
CREATE FUNCTION journal_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'posted journal entries cannot be changed or deleted (%): post a reversing entry', TG_TABLE_NAME
    USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER "JournalEntry_immutable" BEFORE UPDATE OR DELETE ON "JournalEntry"
  FOR EACH ROW EXECUTE FUNCTION journal_immutable();
CREATE TRIGGER "JournalLine_immutable" BEFORE UPDATE OR DELETE ON "JournalLine"
  FOR EACH ROW EXECUTE FUNCTION journal_immutable();
