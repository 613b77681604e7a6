#!/usr/bin/env bash
# Writes a new migration from the change of prisma/schema.prisma since the last migration:
#   npm run db:diff -- <name>
# Prisma 7's migrate engine cannot be downloaded here, so Prisma 6.19.3 (npm alias `prisma6`) diffs
# the schema snapshot kept beside the last migration against the current schema, with no database.
# The result is Prisma's own layout (prisma/migrations/<timestamp>_<name>/migration.sql), so a
# machine that has the engine can switch to `prisma migrate deploy` unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run db:diff -- <name>}"
[[ "$name" =~ ^[a-z0-9_]+$ ]] || { echo "db:diff: name must be lower_snake_case" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# Prisma 6 wants a url in the datasource; Prisma 7 forbids it there. Feed 6 a copy with one.
as_prisma6() { sed -e '/^datasource db {/a\  url = env("DATABASE_URL")' "$1" > "$2"; }
as_prisma6 prisma/schema.prisma "$work/to.prisma"
last=$(ls -d prisma/migrations/*/ 2>/dev/null | sort | tail -n 1 || true)
if [ -n "$last" ]; then
  as_prisma6 "$last/schema.prisma" "$work/from.prisma"
  from=(--from-schema-datamodel "$work/from.prisma")
else
  from=(--from-empty)
fi
# Prisma 6's wasm schema engine (engine 'js') diffs two datamodels without touching a database;
# the stubs keep the CLI from trying to download the native engines at start-up.
cat > "$work/prisma.config.mjs" <<'CFG'
export default {
  experimental: { adapter: true },
  engine: 'js',
  // The wasm engine opens a connection even for a file-to-file diff; nothing is written there.
  adapter: async () => {
    const { PrismaPg } = await import(process.env.DB_DIFF_ADAPTER_PG);
    return new PrismaPg({ connectionString: process.env.DB_DIFF_URL });
  },
};
CFG
export DB_DIFF_ADAPTER_PG="$PWD/node_modules/@prisma/adapter-pg/dist/index.mjs" PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/prisma-engine-stub.sh" PRISMA_QUERY_ENGINE_LIBRARY="$PWD/scripts/prisma-engine-stub.sh" DATABASE_URL="postgresql://unused@localhost/unused" PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
(cd "$work" && node "$OLDPWD/node_modules/prisma6/build/index.js" migrate diff "${from[@]}" \
  --to-schema-datamodel "$work/to.prisma" --script) > "$work/migration.sql"
if ! grep -qvE '^\s*(--.*)?$' "$work/migration.sql"; then
  echo "db:diff: schema unchanged since ${last:-the start}; nothing written" >&2; exit 1
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$dir"
grep -v 'CREATE SCHEMA IF NOT EXISTS "public"' "$work/migration.sql" > "$dir/migration.sql"
cp prisma/schema.prisma "$dir/schema.prisma"   # the snapshot the next diff starts from
echo "db:diff: wrote $dir/migration.sql" >&2
