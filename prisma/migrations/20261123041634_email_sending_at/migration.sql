-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "sendingAt" TIMESTAMP(3);

