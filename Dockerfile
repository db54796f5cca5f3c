# The recommender API. Two stages: the build (every dependency, swc) and the runtime (production dependencies, the
# compiled service, its search artifacts and experiment files), run as the unprivileged `node` user.
#   docker build -t recommender-api .
#   docker compose up            # with OpenSearch 3.x, Dashboards and Redis (docker-compose.yml)

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY .swcrc tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx swc apps libs --config-file .swcrc --out-dir dist --copy-files --quiet \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root index-templates ./index-templates
COPY --chown=root:root painless ./painless
COPY --chown=root:root experiments ./experiments
# The code is root's and read-only to the service; only its data directory is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/recommender-api/src/main.js"]
