# One image for the worker, the MCP server and the Looker API emulator (demo profile).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV TEMPORAL_ADDRESS=temporal:7233
CMD ["npm", "run", "worker"]
