-- CreateTable
CREATE TABLE "SpecialDisease" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "periodMonths" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SpecialDisease_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "DiseaseInstitution" (
    "diseaseCode" TEXT NOT NULL,
    "institutionCode" TEXT NOT NULL,
    "institutionName" TEXT NOT NULL,

    CONSTRAINT "DiseaseInstitution_pkey" PRIMARY KEY ("diseaseCode","institutionCode")
);

-- CreateTable
CREATE TABLE "Certification" (
    "id" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "diseaseCode" TEXT NOT NULL,
    "institutionCode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "periods" JSONB NOT NULL,
    "suspensions" JSONB NOT NULL,
    "terminatedOn" TEXT,
    "lapsedOn" TEXT,
    "source" TEXT NOT NULL,
    "documents" JSONB,
    "createdBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Certification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonContact" (
    "personKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "webhookTarget" TEXT,
    "channels" TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PersonContact_pkey" PRIMARY KEY ("personKey")
);

-- CreateTable
CREATE TABLE "NoticeTemplate" (
    "key" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NoticeTemplate_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" BIGSERIAL NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "caseId" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeDelivery" (
    "id" BIGSERIAL NOT NULL,
    "noticeId" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NoticeDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Certification_jurisdiction_status_idx" ON "Certification"("jurisdiction", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Certification_personKey_diseaseCode_key" ON "Certification"("personKey", "diseaseCode");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_sourceKey_key" ON "Notice"("sourceKey");

-- CreateIndex
CREATE INDEX "Notice_caseId_idx" ON "Notice"("caseId");

-- CreateIndex
CREATE INDEX "Notice_jurisdiction_createdAt_idx" ON "Notice"("jurisdiction", "createdAt");

-- CreateIndex
CREATE INDEX "NoticeDelivery_status_idx" ON "NoticeDelivery"("status");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeDelivery_noticeId_channel_key" ON "NoticeDelivery"("noticeId", "channel");

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

