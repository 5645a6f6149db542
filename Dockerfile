# syntax=docker/dockerfile:1
# studybot: multi-stage build for linux/amd64 and linux/arm64 (Graviton).
#   docker buildx build --platform linux/arm64 -t studybot .

# Build: dev dependencies and the TypeScript compiler. The output is plain
# JavaScript, so this stage runs on the build machine's own platform.
FROM --platform=$BUILDPLATFORM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the postinstall script (it prepares the embedded database for `npm start`; a
# production install skips it), so the script comes before the install.
COPY scripts ./scripts
RUN STUDYBOT_PGLITE_TEMPLATE=off npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
# The build validates the course and ships it as dist/content-cache.json: bad content fails here.
COPY content ./content
RUN npm run build

# Runtime: production dependencies only, on the target platform.
FROM node:22-bookworm-slim AS runtime
# NODE_OPTIONS sizes V8's heap for the smallest Fargate task (512 MiB); deploy/terraform sets it
# from the task's memory. Without it V8 sizes the heap for the host and holds far more after a burst.
# The young generation is capped at 2 x 8 MB: grown to 2 x 16 MB by a load, it often stayed there.
# MALLOC_MMAP_THRESHOLD_ fixes glibc's threshold for mapping large blocks (glibc raises it as blocks
# are freed, and then keeps them): 12 MB less idle and 20 MB less after a load, at no measured CPU
# cost (docs/PERFORMANCE.md, "What every replica loaded for nothing").
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=8" \
    MALLOC_MMAP_THRESHOLD_=131072 \
    PORT=8080 \
    DATA_DIR=/tmp/studybot
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
# The font packages ship every weight and format; the cards load regular and bold WOFF only.
RUN npm ci --omit=dev --no-audit --no-fund && node scripts/prune-fonts.mjs && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY content ./content
COPY drizzle ./drizzle
# The app writes only to DATA_DIR, and only a cache of the validated course (the image already
# ships one, so normally nothing at all). On ECS the root filesystem is read-only and DATA_DIR is
# a bind mount: ECS copies a VOLUME declared at the same path, owner included, so the node user
# can write there (without it the mount belongs to root and the cache write fails, harmlessly).
RUN mkdir -p /tmp/studybot && chown node:node /tmp/studybot
VOLUME ["/tmp/studybot"]
# The node image's unprivileged user.
USER node
EXPOSE 8080
# node itself as the command, never `npm start`: npm does not pass SIGTERM on.
# ECS ignores HEALTHCHECK (the task definition has its own); this one serves `docker run`.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
