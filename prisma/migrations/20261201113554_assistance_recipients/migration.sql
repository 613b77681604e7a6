-- CreateTable
CREATE TABLE "AssistanceIdentity" (
    "id" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "category" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recognizedOn" TEXT NOT NULL,
    "terminatedOn" TEXT,
    "department" TEXT NOT NULL,
    "departmentRef" TEXT,
    "version" INTEGER NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AssistanceIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssistanceIdentityVersion" (
    "id" BIGSERIAL NOT NULL,
    "identityId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedBy" TEXT NOT NULL,

    CONSTRAINT "AssistanceIdentityVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssistanceImport" (
    "id" BIGSERIAL NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "digest" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "importedBy" TEXT NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AssistanceImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecipientReadLog" (
    "id" BIGSERIAL NOT NULL,
    "personKey" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "username" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "route" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RecipientReadLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubsidisedEnrolment" (
    "id" TEXT NOT NULL,
    "identityId" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "category" TEXT NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "path" TEXT,
    "dueDate" TEXT,
    "breachedAt" TIMESTAMPTZ(3),
    "record" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SubsidisedEnrolment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentLedgerPush" (
    "id" BIGSERIAL NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "enrolmentId" TEXT NOT NULL,
    "agency" "Jurisdiction" NOT NULL,
    "personKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "entryId" BIGINT,

    CONSTRAINT "PaymentLedgerPush_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrolmentPlatformRecord" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "year" INTEGER,
    "insuredPlace" TEXT,
    "scheme" TEXT,
    "payload" JSONB NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EnrolmentPlatformRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssistanceIdentity_personKey_idx" ON "AssistanceIdentity"("personKey");

-- CreateIndex
CREATE INDEX "AssistanceIdentity_agency_category_idx" ON "AssistanceIdentity"("agency", "category");

-- CreateIndex
CREATE UNIQUE INDEX "AssistanceIdentityVersion_identityId_version_key" ON "AssistanceIdentityVersion"("identityId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "AssistanceImport_agency_digest_key" ON "AssistanceImport"("agency", "digest");

-- CreateIndex
CREATE INDEX "RecipientReadLog_personKey_at_idx" ON "RecipientReadLog"("personKey", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SubsidisedEnrolment_identityId_key" ON "SubsidisedEnrolment"("identityId");

-- CreateIndex
CREATE INDEX "SubsidisedEnrolment_agency_status_idx" ON "SubsidisedEnrolment"("agency", "status");

-- CreateIndex
CREATE INDEX "SubsidisedEnrolment_personKey_idx" ON "SubsidisedEnrolment"("personKey");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentLedgerPush_sourceKey_key" ON "PaymentLedgerPush"("sourceKey");

-- CreateIndex
CREATE INDEX "PaymentLedgerPush_agency_status_idx" ON "PaymentLedgerPush"("agency", "status");

-- CreateIndex
CREATE INDEX "PaymentLedgerPush_enrolmentId_idx" ON "PaymentLedgerPush"("enrolmentId");

-- CreateIndex
CREATE UNIQUE INDEX "EnrolmentPlatformRecord_key_key" ON "EnrolmentPlatformRecord"("key");

-- CreateIndex
CREATE INDEX "EnrolmentPlatformRecord_personKey_kind_idx" ON "EnrolmentPlatformRecord"("personKey", "kind");

-- AddForeignKey
ALTER TABLE "AssistanceIdentityVersion" ADD CONSTRAINT "AssistanceIdentityVersion_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "AssistanceIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

