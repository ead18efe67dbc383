# One image for the four Continuity services (and the one-shot init job of docker-compose.yml).
# APP names the app under apps/ to run.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false

# Dependencies first, so a code change does not reinstall them. Dev dependencies are kept:
# the services run through ts-node.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools

ARG APP=reconciliation-api
# Set only now: with NODE_ENV=production, npm ci above would have left ts-node out.
# NODE_OPTIONS: the services' own node flags (SERVICE_NODE_FLAGS in libs/service-kit).
ENV APP=${APP} \
    NODE_OPTIONS=--max-semi-space-size=64 \
    NODE_ENV=production
USER node
CMD ["sh", "-c", "exec npx ts-node --transpile-only -r tsconfig-paths/register apps/$APP/src/main.ts"]
