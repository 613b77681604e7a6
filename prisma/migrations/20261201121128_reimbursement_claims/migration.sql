-- CreateTable
CREATE TABLE "ReimbursementClaim" (
    "id" TEXT NOT NULL,
    "claimNo" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "status" TEXT NOT NULL,
    "pendingStep" TEXT,
    "acceptedOn" TEXT NOT NULL,
    "dueDate" TEXT,
    "breachedAt" TIMESTAMPTZ(3),
    "claimedFen" BIGINT NOT NULL,
    "decidedFen" BIGINT,
    "paidFen" BIGINT,
    "entryId" BIGINT,
    "basicClaimId" TEXT,
    "state" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReimbursementClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReimbursementInvoice" (
    "scheme" TEXT NOT NULL,
    "institutionCode" TEXT NOT NULL,
    "invoiceNo" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReimbursementInvoice_pkey" PRIMARY KEY ("scheme","institutionCode","invoiceNo")
);

-- CreateTable
CREATE TABLE "InpatientVerification" (
    "id" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "institutionCode" TEXT NOT NULL,
    "admittedOn" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "status" TEXT NOT NULL,
    "injury" BOOLEAN NOT NULL,
    "injuryRegistered" BOOLEAN NOT NULL,
    "paymentLocked" BOOLEAN NOT NULL,
    "record" JSONB NOT NULL,
    "verifiedBy" TEXT NOT NULL,
    "verifiedOn" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InpatientVerification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReimbursementClaim_jurisdiction_status_idx" ON "ReimbursementClaim"("jurisdiction", "status");

-- CreateIndex
CREATE INDEX "ReimbursementClaim_basicClaimId_idx" ON "ReimbursementClaim"("basicClaimId");

-- CreateIndex
CREATE UNIQUE INDEX "ReimbursementClaim_personKey_claimNo_key" ON "ReimbursementClaim"("personKey", "claimNo");

-- CreateIndex
CREATE INDEX "ReimbursementInvoice_claimId_idx" ON "ReimbursementInvoice"("claimId");

-- CreateIndex
CREATE INDEX "InpatientVerification_personKey_idx" ON "InpatientVerification"("personKey");

-- CreateIndex
CREATE INDEX "InpatientVerification_jurisdiction_status_idx" ON "InpatientVerification"("jurisdiction", "status");

