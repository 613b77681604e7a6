-- (the Certification columns the diff also listed were added by
-- 20261201094603_certification_insured_place_offsite_history; the snapshot of the migration after it lacked them)

-- CreateTable
CREATE TABLE "RemoteCareFiling" (
    "id" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "personName" TEXT NOT NULL,
    "idNumber" TEXT NOT NULL,
    "filingNo" TEXT NOT NULL,
    "jurisdiction" "Jurisdiction" NOT NULL,
    "insuredPlace" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "filedOn" TEXT,
    "validFrom" TEXT,
    "validUntil" TEXT,
    "changeableFrom" TEXT,
    "cancelledOn" TEXT,
    "personalPromise" BOOLEAN NOT NULL,
    "materialsDeliveredOn" TEXT,
    "places" JSONB NOT NULL,
    "record" JSONB NOT NULL,
    "dueDate" TEXT,
    "breachedAt" TIMESTAMPTZ(3),
    "createdBy" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RemoteCareFiling_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RemoteCareFiling_personKey_insuredPlace_idx" ON "RemoteCareFiling"("personKey", "insuredPlace");

-- CreateIndex
CREATE INDEX "RemoteCareFiling_jurisdiction_status_idx" ON "RemoteCareFiling"("jurisdiction", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RemoteCareFiling_personKey_filingNo_key" ON "RemoteCareFiling"("personKey", "filingNo");

