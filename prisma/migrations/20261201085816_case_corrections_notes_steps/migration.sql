-- AlterTable
ALTER TABLE "ServiceCase" ADD COLUMN     "correction" JSONB,
ADD COLUMN     "dueFrom" TEXT,
ADD COLUMN     "dueWorkingDays" INTEGER,
ADD COLUMN     "rejectionNote" TEXT,
ADD COLUMN     "steps" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "note" TEXT;

-- CreateIndex
CREATE INDEX "ServiceCase_applicationNo_idx" ON "ServiceCase"("applicationNo");

