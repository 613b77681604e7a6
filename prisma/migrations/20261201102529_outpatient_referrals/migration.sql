-- AlterTable
ALTER TABLE "OutpatientFacility" ADD COLUMN     "referrals" JSONB NOT NULL DEFAULT '[]';

