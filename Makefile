# The two set-up commands of the README. Both install what a fresh clone lacks first.
.PHONY: start test install browser bench

start: install
	npm start

test: install browser
	npm run typecheck
	npm run lint
	npm --prefix web run typecheck
	npm --prefix web test --silent
	npm test

bench: install
	npm run bench

install: node_modules/.package-lock.json .tools/test-server/lib/.complete generated/prisma/client.ts web/dist/index.html

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

.tools/test-server/lib/.complete: scripts/install-tools.sh tools/test-server/pom.xml
	bash scripts/install-tools.sh

generated/prisma/client.ts: prisma/schema.prisma node_modules/.package-lock.json
	bash scripts/prisma.sh generate >/dev/null

# The clerks' workbench, served by the API at /app/.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	npm --prefix web ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(shell find web/src web/index.html web/vite.config.ts domain -type f 2>/dev/null)
	npm --prefix web run build --silent >/dev/null

browser:
	bash scripts/install-tools.sh --browser
