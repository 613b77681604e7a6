-- CreateTable
CREATE TABLE "AssistanceDisclosure" (
    "id" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "quarter" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "periodFrom" TEXT NOT NULL,
    "periodTo" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "totalOccasions" INTEGER NOT NULL,
    "totalFen" BIGINT NOT NULL,
    "ledgerSpendingFen" BIGINT NOT NULL,
    "builtBy" TEXT NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "publishedBy" TEXT,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedOn" TEXT,
    "objectionUntil" TEXT,
    "objectionClosedAt" TIMESTAMPTZ(3),
    "correctionOf" TEXT,
    "correctionReason" TEXT,

    CONSTRAINT "AssistanceDisclosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureObjection" (
    "id" BIGSERIAL NOT NULL,
    "disclosureId" TEXT NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "submitter" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "answer" TEXT,
    "answeredBy" TEXT,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "DisclosureObjection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssistanceDisclosure_agency_quarter_version_key" ON "AssistanceDisclosure"("agency", "quarter", "version");

-- CreateIndex
CREATE INDEX "DisclosureObjection_disclosureId_idx" ON "DisclosureObjection"("disclosureId");

-- AddForeignKey
ALTER TABLE "DisclosureObjection" ADD CONSTRAINT "DisclosureObjection_disclosureId_fkey" FOREIGN KEY ("disclosureId") REFERENCES "AssistanceDisclosure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

