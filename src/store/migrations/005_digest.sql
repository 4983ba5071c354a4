-- The daily digest: settings per guild, and one row per (guild, slot) that makes a post happen once.
CREATE TABLE guild_settings (
  guild TEXT PRIMARY KEY,               -- guild id, or 'shared' for the default digest (console, .env)
  channel_id TEXT,
  cron TEXT NOT NULL,                   -- 5 fields, or 6 with seconds first
  timezone TEXT NOT NULL,               -- IANA zone the cron is read in
  topics TEXT NOT NULL DEFAULT '[]',    -- JSON topic ids; empty = every topic
  max_stories INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL              -- slots before this are not "missed" (no catch-up of a new schedule)
);

-- A slot is claimed in a write transaction before anything is posted. The payload is composed once,
-- at claim time, and parts are posted in order with their message ids recorded after each, so a retry
-- continues where the last attempt stopped instead of posting again.
CREATE TABLE digest_slots (
  guild TEXT NOT NULL,
  slot TEXT NOT NULL,                   -- the slot instant, ISO 8601 UTC
  state TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'failed', 'skipped')),
  owner TEXT,                           -- the process holding the claim
  lease_until TEXT,                     -- a claim older than this was abandoned (crash) and may be taken over
  attempts INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,      -- posted by catch-up after downtime
  channel_id TEXT,
  window_start TEXT,                    -- articles added after this …
  window_end TEXT,                      -- … and up to this were composed
  payload TEXT,                         -- JSON Reply[] composed at the first claim
  message_ids TEXT NOT NULL DEFAULT '[]', -- JSON string[][]: ids per posted part
  posted_at TEXT,
  error TEXT,
  PRIMARY KEY (guild, slot)
) WITHOUT ROWID;

-- The digest window is "added since the previous digest": found from this index alone.
CREATE INDEX articles_window ON articles(added_at, scope, published);
