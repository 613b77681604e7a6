-- CreateSchema

-- CreateEnum
CREATE TYPE "Jurisdiction" AS ENUM ('municipal', 'pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('window_clerk', 'reviewer', 'approver', 'finance', 'supervisor', 'admin', 'institution');

-- CreateEnum
CREATE TYPE "CalendarDayKind" AS ENUM ('holiday', 'makeup_workday');

-- CreateTable
CREATE TABLE "User" (
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "passwordHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("username")
);

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "notice" TEXT NOT NULL,
    "loadedBy" TEXT NOT NULL,
    "loadedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "CalendarDayKind" NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "CatalogueItem" (
    "code" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "subItems" TEXT[],
    "handlingLevels" TEXT[],
    "steps" TEXT[],
    "timeLimitKind" TEXT NOT NULL,
    "timeLimitDays" INTEGER,
    "onlineTimeLimitDays" INTEGER,
    "timeLimitNote" TEXT,
    "materials" TEXT[],
    "legalBasis" TEXT[],
    "remark" TEXT,

    CONSTRAINT "CatalogueItem_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ServiceCase" (
    "id" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "applicationNo" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "channel" TEXT NOT NULL,
    "applicantName" TEXT NOT NULL,
    "applicantIdNumber" TEXT NOT NULL,
    "applicantPhone" TEXT,
    "status" TEXT NOT NULL,
    "pendingStep" TEXT,
    "completedSteps" TEXT[],
    "assignee" TEXT,
    "createdBy" TEXT NOT NULL,
    "appliedAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedOn" TEXT,
    "dueDate" TEXT,
    "dueAt" TIMESTAMPTZ(3),
    "dueProvisional" BOOLEAN NOT NULL DEFAULT false,
    "remindedAt" TIMESTAMPTZ(3),
    "breachedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "returnedMaterials" TEXT[],
    "disbursedFen" BIGINT,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServiceCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "office" "Jurisdiction" NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "before" JSONB,
    "after" JSONB NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "target" TEXT,

    CONSTRAINT "SecurityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" BIGSERIAL NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "caseId" TEXT,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "statusCode" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("actor","key")
);

-- CreateIndex
CREATE INDEX "CalendarDay_year_idx" ON "CalendarDay"("year");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueItem_seq_key" ON "CatalogueItem"("seq");

-- CreateIndex
CREATE INDEX "ServiceCase_jurisdiction_status_idx" ON "ServiceCase"("jurisdiction", "status");

-- CreateIndex
CREATE INDEX "ServiceCase_status_dueAt_idx" ON "ServiceCase"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ServiceCase_assignee_idx" ON "ServiceCase"("assignee");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCase_itemCode_applicationNo_key" ON "ServiceCase"("itemCode", "applicationNo");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_caseId_seq_key" ON "AuditEvent"("caseId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_sourceKey_key" ON "Notification"("sourceKey");

-- CreateIndex
CREATE INDEX "Notification_recipient_createdAt_idx" ON "Notification"("recipient", "createdAt");

-- AddForeignKey
ALTER TABLE "CalendarDay" ADD CONSTRAINT "CalendarDay_year_fkey" FOREIGN KEY ("year") REFERENCES "CalendarYear"("year") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "ServiceCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

