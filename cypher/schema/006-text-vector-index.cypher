// Text vectors of media (any encoder's size: no dimension fixed) for nearest-neighbour queries of the
// feed's content and query sources past the in-memory scan's size (ranking/candidate-scan.ts).
CREATE VECTOR INDEX media_text_embedding IF NOT EXISTS FOR (m:Media) ON (m.textEmbedding)
OPTIONS { indexConfig: { `vector.similarity_function`: 'cosine' } };
