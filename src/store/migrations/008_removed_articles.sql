-- Articles an admin removed, by text hash: data/articles is ingested again at every start, and an
-- article removed from the console or a server must not come back with it. Adding the same text
-- again on purpose (/article add, brief ingest) lifts the removal.
CREATE TABLE removed_articles (
  scope TEXT NOT NULL,                  -- as articles.scope
  text_hash TEXT NOT NULL,              -- as articles.text_hash
  removed_at TEXT NOT NULL,
  PRIMARY KEY (scope, text_hash)
) WITHOUT ROWID;
