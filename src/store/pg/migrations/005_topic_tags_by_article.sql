-- A tagged /topic reads the topic's tags from the window's first article on, as SQLite's does
-- (pg/topics.ts): ordered by article_id within the topic, the scan starts there instead of reading
-- every tag the topic ever had (at 100,000 articles, ~1,400 of a topic's ~15,700 for a 30-day window)
-- and the join hashes only those. Still covering (score, evidence), so it stays index-only after
-- vacuum; it replaces 004's index on topic_id alone, so ingest still maintains one index here.
CREATE INDEX article_topics_topic_article ON article_topics (topic_id, article_id) INCLUDE (score, evidence);
DROP INDEX article_topics_topic_cover;
