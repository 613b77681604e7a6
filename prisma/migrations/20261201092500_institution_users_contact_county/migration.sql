-- AlterTable
ALTER TABLE "User" ADD COLUMN     "institutionCode" TEXT;

-- AlterTable
ALTER TABLE "PersonContact" ADD COLUMN     "insuredCounty" "Jurisdiction",
ADD COLUMN     "updatedBy" TEXT;

-- AlterTable
ALTER TABLE "NoticeDelivery" ADD COLUMN     "address" TEXT;

