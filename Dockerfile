# crm-pulse image. The build stage installs every dependency and compiles TypeScript; the runtime
# stage holds production dependencies and dist/ only, and runs as the unprivileged `node` user.
# One image, three roles: `serve` (the default: HTTP on $PORT), `worker` (queue jobs; run as many
# as needed) and `run` (one cycle, then exit). See the README, "Running with Docker".
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first, so source edits do not reinstall them; `prepare` (the build) runs below.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY examples ./examples
USER node
EXPOSE 3000
# The server answers /healthz; a worker or a one-shot run has no port, and counts as healthy
# while its process lives.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const cmd = require('fs').readFileSync('/proc/1/cmdline', 'utf8').split('\\0'); if (!cmd.includes('serve')) process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
ENTRYPOINT ["node", "bin/crm-pulse.js"]
CMD ["serve"]
