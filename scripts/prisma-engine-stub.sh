#!/bin/sh
# Stand-in for Prisma's schema engine, which cannot be downloaded here. `prisma generate` only
# checks that the file exists; migrations are written by scripts/db-diff.sh and applied by
# scripts/migrate.ts instead (see README, "Database migrations").
echo "schema engine not available: use npm run db:diff / npm run db:migrate" >&2
exit 1
