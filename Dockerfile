# syntax=docker/dockerfile:1
# One image for every service of the platform and for its migrations:
#
#   docker build -t consorcio:dev .
#   docker run -e SERVICE=payments ... consorcio:dev            # a service (any folder of services/)
#   docker run -e DATABASE_URL=... consorcio:dev migrate        # every schema's pending migrations, then exit
#
# `--build-arg SERVICE=<name>` bakes a default service into the image; the SERVICE variable always wins.
# The services run compiled (dist/, `npm run build`) with the telemetry preload; the migrations are the
# TypeScript files knex records by name, so they run through tsx (the only development package kept).
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: every workspace compiled to dist/ ------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY services/groups/package.json services/groups/
COPY services/payments/package.json services/payments/
COPY services/draws/package.json services/draws/
COPY services/credit/package.json services/credit/
COPY services/audit/package.json services/audit/
COPY services/notifications/package.json services/notifications/
COPY services/documents/package.json services/documents/
COPY services/settings/package.json services/settings/
COPY services/gateway/package.json services/gateway/
COPY cli/package.json cli/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY types types
COPY shared shared
COPY services services
COPY cli cli
RUN npm run build

# ---- deps: production dependencies only -------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY services/groups/package.json services/groups/
COPY services/payments/package.json services/payments/
COPY services/draws/package.json services/draws/
COPY services/credit/package.json services/credit/
COPY services/audit/package.json services/audit/
COPY services/notifications/package.json services/notifications/
COPY services/documents/package.json services/documents/
COPY services/settings/package.json services/settings/
COPY services/gateway/package.json services/gateway/
COPY cli/package.json cli/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# tsx runs the TypeScript migrations: the exact build the lockfile installed (with esbuild's binary).
COPY --from=build /src/node_modules/tsx node_modules/tsx
COPY --from=build /src/node_modules/esbuild node_modules/esbuild
COPY --from=build /src/node_modules/@esbuild node_modules/@esbuild

# ---- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=""
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    GRPC_HOST=0.0.0.0 \
    GATEWAY_HTTP_HOST=0.0.0.0 \
    METRICS_HOST=0.0.0.0 \
    CONSORCIO_CLOCK=system
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=build /src/shared/package.json shared/
COPY --from=build /src/shared/dist shared/dist
COPY --from=build /src/services/groups/package.json services/groups/
COPY --from=build /src/services/groups/dist services/groups/dist
COPY --from=build /src/services/payments/package.json services/payments/
COPY --from=build /src/services/payments/dist services/payments/dist
COPY --from=build /src/services/draws/package.json services/draws/
COPY --from=build /src/services/draws/dist services/draws/dist
COPY --from=build /src/services/credit/package.json services/credit/
COPY --from=build /src/services/credit/dist services/credit/dist
COPY --from=build /src/services/audit/package.json services/audit/
COPY --from=build /src/services/audit/dist services/audit/dist
COPY --from=build /src/services/notifications/package.json services/notifications/
COPY --from=build /src/services/notifications/dist services/notifications/dist
COPY --from=build /src/services/documents/package.json services/documents/
COPY --from=build /src/services/documents/dist services/documents/dist
COPY --from=build /src/services/settings/package.json services/settings/
COPY --from=build /src/services/settings/dist services/settings/dist
COPY --from=build /src/services/gateway/package.json services/gateway/
COPY --from=build /src/services/gateway/dist services/gateway/dist
COPY migrations migrations
COPY scripts/migrate.ts scripts/
COPY deploy/container deploy/container
# The documents of credit and of the documents service on disk (a volume each in production, or S3 with
# OBJECT_STORE=s3) and the notifications' mail folder; /tmp is the only other place written.
RUN mkdir -p /data/documents /data/mail && chown 1000:1000 /data/documents /data/mail
ENV DOCUMENTS_DIR=/data/documents
# The image's `node` user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 8080 50051 50052 50053 50054 50055 50056 50057 50058 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD ["node", "deploy/container/healthcheck.js"]
ENTRYPOINT ["sh", "deploy/container/entrypoint.sh"]
