// Graph embeddings of media (size 64, the protocol's embedding size) for nearest-neighbour queries.
CREATE VECTOR INDEX media_embedding IF NOT EXISTS FOR (m:Media) ON (m.embedding)
OPTIONS { indexConfig: { `vector.dimensions`: 64, `vector.similarity_function`: 'cosine' } };
