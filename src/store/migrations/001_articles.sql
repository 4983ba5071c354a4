-- Articles as parsed, with the sentences analysis produced at ingest.
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,                  -- 'shared' or the id of the guild whose admins added it
  source_id TEXT,                       -- the id the input gave (a JSONL id), for batch tools
  source_name TEXT,                     -- file name or URL it came from
  title TEXT NOT NULL,
  title_derived INTEGER NOT NULL DEFAULT 0,
  dateline TEXT,
  outlet TEXT,
  url TEXT,
  canonical_url TEXT,
  published TEXT,
  added_at TEXT NOT NULL,
  body TEXT NOT NULL,                   -- paragraphs joined by blank lines; offsets refer to it
  paragraph_sections TEXT NOT NULL,     -- JSON: section index (or null) per paragraph
  sections TEXT NOT NULL,               -- JSON: subheadings
  noise TEXT NOT NULL,                  -- JSON: lines kept on record, never in the body
  format TEXT NOT NULL,
  text_hash TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_scope_hash ON articles(scope, text_hash);
CREATE UNIQUE INDEX articles_scope_url ON articles(scope, canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_scope_date ON articles(scope, coalesce(published, added_at));

CREATE TABLE sentences (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  score REAL NOT NULL,
  components TEXT NOT NULL,             -- JSON: the score's parts, for /summary explain
  summary_rank INTEGER,                 -- order in which the summariser picks it; NULL = never
  PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
