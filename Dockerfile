# Cubicle's images, one target per service:
#   docker build --target master     -t cubicle/master .
#   docker build --target gateway    -t cubicle/gateway .
#   docker build --target node-agent -t cubicle/node-agent .
#   docker build --target migrate    -t cubicle/migrate .   (one-shot: applies migrations, exits)
# docker-compose.yml builds and runs all of them.

# ---- build: the whole workspace, compiled; each service deployed with its production deps ----
FROM node:24-slim AS build
ENV CI=true
RUN npm install -g pnpm@10.34.8 && npm cache clean --force
WORKDIR /repo

# Install scripts are skipped: Prisma's only try to download engines (unused here) and the
# `node` devDependency's would download a second Node 24 (~300 MB); the image's own Node 24 runs
# everything. For the same reason the tools below are run with `node` directly, not `pnpm run`
# (which would put that package's missing binary first on PATH).

# Dependencies first, from the lockfile alone: this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --ignore-scripts

COPY . .
RUN pnpm install --frozen-lockfile --offline --ignore-scripts
# The Prisma client (into services/master/src/generated/prisma; tsc compiles it into dist).
RUN node node_modules/prisma/build/index.js generate
RUN node node_modules/typescript/bin/tsc -b services/master services/gateway services/node-agent
# The web console the gateway serves at /console/: Vite builds packages/console into its dist/,
# which the gateway's deploy below copies with the package.
RUN node scripts/build-console.js

# Each service alone with its production dependencies; workspace packages are copied in whole
# (their dist included). `--legacy`: pnpm 10's default deploy needs inject-workspace-packages.
# Not `--offline`: a legacy deploy re-resolves the injected packages' dependencies, which needs
# registry metadata that `pnpm fetch` does not keep (the tarballs come from the store).
RUN pnpm deploy --filter @cubicle/master --prod --legacy --prefer-offline --ignore-scripts /out/master \
 && pnpm deploy --filter @cubicle/gateway --prod --legacy --prefer-offline --ignore-scripts /out/gateway \
 && pnpm deploy --filter @cubicle/node-agent --prod --legacy --prefer-offline --ignore-scripts /out/node-agent

# The migration job's files: the root workspace with its devDependencies installed, less the
# pinned `node` package (a second Node 24 binary, ~300 MB; the image's own Node runs the job).
RUN mkdir -p /out/migrate/scripts/lib \
 && cp -a package.json prisma.config.ts prisma node_modules /out/migrate/ \
 && cp scripts/migrate.js /out/migrate/scripts/ \
 && cp scripts/lib/prisma-cli.js /out/migrate/scripts/lib/ \
 && rm -rf /out/migrate/node_modules/.pnpm/node@* /out/migrate/node_modules/node /out/migrate/node_modules/.bin/node

# ---- master (port 3100) ----
FROM node:24-slim AS master
ENV NODE_ENV=production \
    MASTER_HOST=0.0.0.0 \
    MASTER_PORT=3100 \
    MIGRATIONS_DIR=/app/prisma/migrations
WORKDIR /app
COPY --from=build /out/master/package.json ./package.json
COPY --from=build /out/master/node_modules ./node_modules
COPY --from=build /out/master/dist ./dist
# Master's /readyz compares these folder names with the migrations applied to the database.
COPY --from=build /repo/prisma/migrations ./prisma/migrations
# Uploaded file sets (a volume shared by the masters): a new named volume takes this owner.
ENV UPLOAD_DIR=/var/lib/cubicle/uploads
RUN mkdir -p /var/lib/cubicle/uploads && chown node:node /var/lib/cubicle/uploads
USER node
EXPOSE 3100
# (No --start-period: dockerfilelint 1.8 misreads it; docker-compose.yml sets start_period.)
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MASTER_PORT||3100)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "./dist/instrumentation.js", "dist/main.js"]

# ---- gateway (port 3000) ----
FROM node:24-slim AS gateway
ENV NODE_ENV=production \
    GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=3000
WORKDIR /app
COPY --from=build /out/gateway/package.json ./package.json
COPY --from=build /out/gateway/node_modules ./node_modules
COPY --from=build /out/gateway/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.GATEWAY_PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "./dist/instrumentation.js", "dist/main.js"]

# ---- node-agent (port 3200) ----
FROM node:24-slim AS node-agent
ENV NODE_ENV=production \
    AGENT_HOST=0.0.0.0 \
    AGENT_PORT=3200
WORKDIR /app
COPY --from=build /out/node-agent/package.json ./package.json
COPY --from=build /out/node-agent/node_modules ./node_modules
COPY --from=build /out/node-agent/dist ./dist
USER node
EXPOSE 3200
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.AGENT_PORT||3200)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "./dist/instrumentation.js", "dist/main.js"]

# ---- migrate (one-shot) ----
# `pnpm db:migrate` without pnpm: scripts/migrate.js runs the Prisma CLI with prisma.config.ts,
# which need the root workspace's devDependencies (prisma, @prisma/adapter-pg, pg-connection-string).
FROM node:24-slim AS migrate
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /app
COPY --from=build /out/migrate ./
USER node
CMD ["node", "scripts/migrate.js"]
