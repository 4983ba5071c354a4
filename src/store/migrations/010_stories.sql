-- Stories: every article is placed in one story at ingest (src/nlp/cluster.ts, StoryStore). A story
-- is named by the id of the article that started it; /topic, the digest and the summary view group
-- articles by it instead of clustering again. The event signature is kept so the in-memory index can
-- be rebuilt, day by day, after a restart. Articles stored before this migration have no row: they
-- are placed the first time the stories are read (StoryStore.placeMissing).
CREATE TABLE article_stories (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  scope TEXT NOT NULL,                  -- as articles.scope
  story_id INTEGER NOT NULL,            -- the id of the story's first article
  day INTEGER NOT NULL,                 -- publication day (days since 1970-01-01 UTC), else the day it was added
  signature TEXT NOT NULL               -- JSON: EventSignature
);
CREATE INDEX article_stories_story ON article_stories(story_id);
CREATE INDEX article_stories_scope_day ON article_stories(scope, day);
