#!/usr/bin/env bash
# Runs the Prisma 7 CLI offline (generate only). See TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/prisma-engine-stub.sh"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
exec node node_modules/prisma/build/index.js "$@"
