# The service image for docker compose (Neo4j runs as its own container there, so no Java here).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY schema ./schema
COPY cypher ./cypher
COPY config ./config
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
EXPOSE 4000
CMD ["npx", "tsx", "src/main.ts"]
