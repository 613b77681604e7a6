-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "digest" TEXT,
ADD COLUMN     "runId" TEXT;

