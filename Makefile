# The two set-up commands of the README. Both install what a fresh clone lacks first.
.PHONY: start test install bench

start: install
	npm start

test: install
	npm run typecheck
	npm test

bench: install
	npm run bench

install: node_modules/.package-lock.json .tools/test-server/lib/.complete generated/prisma/client.ts

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

.tools/test-server/lib/.complete: scripts/install-tools.sh tools/test-server/pom.xml
	bash scripts/install-tools.sh

generated/prisma/client.ts: prisma/schema.prisma node_modules/.package-lock.json
	bash scripts/prisma.sh generate >/dev/null
