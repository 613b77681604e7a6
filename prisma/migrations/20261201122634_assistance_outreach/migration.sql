-- CreateTable
CREATE TABLE "AssistanceOutreach" (
    "id" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "year" INTEGER NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "claims" JSONB NOT NULL,
    "totalFen" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "noticeId" BIGINT,
    "notifiedAt" TIMESTAMPTZ(3) NOT NULL,
    "respondedOn" TEXT,
    "respondedBy" TEXT,
    "note" TEXT,

    CONSTRAINT "AssistanceOutreach_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssistanceOutreach_agency_year_status_idx" ON "AssistanceOutreach"("agency", "year", "status");

