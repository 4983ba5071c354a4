-- Full-text search over titles and bodies, and topics that a guild's admins add for their server.
-- The index is external-content (it stores only the index, reading text from `articles`) and kept in
-- step by triggers, so every way an article is added or removed updates it with no code to forget.
-- porter over unicode61: "attacks", "attacked" and "attacking" are one term; diacritics are folded.
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body,
  content = 'articles', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TABLE guild_topics (
  scope TEXT NOT NULL,                  -- the guild id (shared topics live in data/topics.json)
  id TEXT NOT NULL,
  label TEXT NOT NULL,
  aliases TEXT NOT NULL,                -- JSON array of phrases, searched with the full-text index
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (scope, id)
) WITHOUT ROWID;
