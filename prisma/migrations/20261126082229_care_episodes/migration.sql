-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'expert_panel';

-- DropForeignKey
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_caseId_fkey";

-- CreateTable
CREATE TABLE "PolicySetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PolicySetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "CareEpisode" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "birthDate" TEXT NOT NULL,
    "insuredCounty" "Jurisdiction" NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "applicationNo" TEXT NOT NULL,
    "applicationDate" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "application" JSONB NOT NULL,
    "eligibility" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "panelRequired" BOOLEAN NOT NULL DEFAULT false,
    "panelReasons" TEXT[],
    "panelDecision" JSONB,
    "transferFrom" TEXT,
    "transferTo" TEXT,
    "deductible" TEXT NOT NULL DEFAULT 'standard',
    "openedOn" TEXT,
    "closedOn" TEXT,
    "closingGround" TEXT,
    "closingCertificateNo" TEXT,
    "settledAt" TIMESTAMPTZ(3),
    "reviewDueDate" TEXT,
    "reviewDueAt" TIMESTAMPTZ(3),
    "reviewRemindedAt" TIMESTAMPTZ(3),
    "reviewBreachedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "createdBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CareEpisode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareOccupancy" (
    "personKey" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CareOccupancy_pkey" PRIMARY KEY ("personKey")
);

-- CreateTable
CREATE TABLE "AdmissionReport" (
    "id" BIGSERIAL NOT NULL,
    "personKey" TEXT NOT NULL,
    "hospitalName" TEXT NOT NULL,
    "admittedOn" TEXT NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AdmissionReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CareEpisode_personKey_idx" ON "CareEpisode"("personKey");

-- CreateIndex
CREATE INDEX "CareEpisode_jurisdiction_status_idx" ON "CareEpisode"("jurisdiction", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CareEpisode_kind_personKey_applicationNo_key" ON "CareEpisode"("kind", "personKey", "applicationNo");

-- CreateIndex
CREATE UNIQUE INDEX "CareOccupancy_episodeId_key" ON "CareOccupancy"("episodeId");

-- CreateIndex
CREATE INDEX "AdmissionReport_personKey_idx" ON "AdmissionReport"("personKey");

