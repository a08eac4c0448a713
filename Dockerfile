# One image for the worker, the MCP server and the codec server (default target), and one with
# the development dependencies for the Looker API emulator (target `emulator`, compose's demo profile).
# tsx runs the TypeScript directly; the one build step bundles the workflows (npm run build:workflows).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM deps AS deps-all
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS emulator
WORKDIR /app
COPY --from=deps-all /app/node_modules ./node_modules
COPY . .
USER node
CMD ["npx", "tsx", "emulator/main.ts", "--host", "0.0.0.0", "--port", "19999", "--seed", "demo"]

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN node --require tsx/cjs scripts/build-workflows.ts
# The file store (LOOKERFLOW_FILES_DIR) is a volume the non-root user writes.
RUN mkdir -p /files && chown node:node /files && ln -s /app/bin/lookerflow.js /usr/local/bin/lookerflow
USER node
ENV LOOKERFLOW_FILES_DIR=/files
# Worker memory (README): two malloc arenas instead of one per thread, and V8's young generation
# capped at 4 MB semi-spaces; each saves tens of MB of resident memory that is never given back.
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=4", "bin/lookerflow-worker.js"]
