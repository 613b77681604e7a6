-- CreateTable
CREATE TABLE "PersonYearSubsidy" (
    "personKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "enrolmentId" TEXT NOT NULL,
    "ledgerKey" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PersonYearSubsidy_pkey" PRIMARY KEY ("personKey","year")
);

-- CreateIndex
CREATE UNIQUE INDEX "PersonYearSubsidy_ledgerKey_key" ON "PersonYearSubsidy"("ledgerKey");


-- 001 §6: the years already subsidised hold the person's year (the earliest ledger of each)
INSERT INTO "PersonYearSubsidy" ("personKey", "year", "enrolmentId", "ledgerKey", "category", "amountFen", "createdAt")
SELECT DISTINCT ON ("personKey", "year") "personKey", "year", "enrolmentId", "sourceKey", "category", "amountFen", "createdAt"
FROM "PaymentLedgerPush"
ORDER BY "personKey", "year", "id";
