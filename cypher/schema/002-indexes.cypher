// Lookups used by filters, trending windows and event history.
CREATE INDEX media_kind IF NOT EXISTS FOR (m:Media) ON (m.kind);
CREATE INDEX media_published IF NOT EXISTS FOR (m:Media) ON (m.publishedAt);
CREATE INDEX interaction_at IF NOT EXISTS FOR (e:Interaction) ON (e.at);
CREATE INDEX engaged_last IF NOT EXISTS FOR ()-[g:ENGAGED]-() ON (g.lastAt);
