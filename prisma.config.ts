// Prisma 7 CLI configuration. The CLI is used here for `generate` only (scripts/prisma.sh).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
