# The four Continuity services, and the one-shot init job of docker-compose.yml (target `build`).
# APP names the app under apps/ that the runtime image runs.

# --- build: every dependency and the sources; compiles the services to JavaScript.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
# Dependencies first, so a code change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN npm run build

# --- runtime: production dependencies and the compiled services only (no compiler, no ts-node).
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/services ./dist/services
ARG APP=reconciliation-api
# NODE_OPTIONS: the services' own node flags (SERVICE_NODE_FLAGS in libs/service-kit's
# service-launch.ts); the preload resolves @continuity/* to the compiled libraries.
ENV APP=${APP} \
    NODE_OPTIONS="--max-semi-space-size=64 --enable-source-maps" \
    NODE_ENV=production
USER node
CMD ["sh", "-c", "exec node -r ./dist/services/register.js dist/services/apps/$APP/src/main.js"]
