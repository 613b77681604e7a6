# One image for the two entry points of a real deployment (README "Separate processes"):
#   docker run … IMAGE npm run api      the HTTP API and the workbench
#   docker run … IMAGE npm run worker   a worker (run as many as the load needs, one task queue)
#   docker run … IMAGE npm run db:migrate   once per release, before the new API and workers start
# Both need DATABASE_URL and TEMPORAL_ADDRESS (+ TLS or API key); the API needs AUTH_JWKS_URL or
# AUTH_JWT_SECRET. Nothing embedded runs in the image: `make start` is for one machine.

FROM node:20-bookworm-slim AS build
WORKDIR /srv
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/package.json web/package-lock.json web/
RUN npm --prefix web ci --no-audit --no-fund --loglevel=error
COPY . .
RUN bash scripts/prisma.sh generate >/dev/null && npm --prefix web run build --silent \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error && rm -rf web/node_modules

FROM node:20-bookworm-slim
WORKDIR /srv
ENV NODE_ENV=production HTTP_HOST=0.0.0.0 HTTP_PORT=3000 WORKER_HEALTH_PORT=3001
# the CJK font embedded in the printed forms (documents/font.ts)
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /srv /srv
USER node
# 3000: the API (/readyz, /metrics); 3001: a worker's /healthz, /readyz, /metrics;
# 9464: the Temporal SDK's Prometheus endpoint when TEMPORAL_METRICS_BIND=0.0.0.0:9464
EXPOSE 3000 3001 9464
CMD ["npm", "run", "api"]
