-- News feeds (issue 19): each server's own (scope = guild id) and the shared ones from data/feeds.json
-- or FEEDS (scope 'shared', origin 'config'), with what polite polling needs between restarts.
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,                  -- as articles.scope
  url TEXT NOT NULL,
  origin TEXT NOT NULL,                 -- 'command' (/feed add) or 'config' (data/feeds.json, FEEDS)
  title TEXT,                           -- the feed's own title, once read
  topics TEXT NOT NULL DEFAULT '[]',    -- JSON list of topic ids given with /feed add
  added_by TEXT,
  added_at TEXT NOT NULL,
  etag TEXT,                            -- conditional GET: sent back as If-None-Match
  last_modified TEXT,                   -- and as If-Modified-Since
  next_poll_at TEXT NOT NULL,
  last_polled_at TEXT,
  last_success_at TEXT,                 -- null until the first good poll: that poll is the backfill
  failures INTEGER NOT NULL DEFAULT 0,  -- failed polls in a row
  last_error TEXT,
  failing_reason TEXT,                  -- set after repeated failures; cleared by a good poll
  failing_since TEXT,
  failing_told_at TEXT,                 -- when the digest channel was told (once per failing spell)
  UNIQUE (scope, url)
);
CREATE INDEX feeds_next_poll ON feeds (next_poll_at);

-- Items a feed has shown, by their stable key (guid, else canonical URL, else title + date), so a
-- restart or a re-poll never takes an item twice.
CREATE TABLE feed_items (
  feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  outcome TEXT NOT NULL,                -- added, duplicate, rejected, or skipped (older than the backfill)
  body_from TEXT,                       -- page (the article page was extracted) or item (the feed's own text)
  article_id INTEGER,
  reason TEXT,                          -- why rejected, or why the page could not be had
  PRIMARY KEY (feed_id, item_key)
) WITHOUT ROWID;
