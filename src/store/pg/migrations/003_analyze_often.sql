-- Re-analyse the articles (and their topic tags) after 2% of new rows rather than PostgreSQL's 10%.
-- /topic and the digest always ask for the newest articles, which sit past the end of the date
-- histogram until the next ANALYZE: at 100,000 articles with stale statistics the planner took a
-- 30-day window for ~1,000 rows when it held ~8,500, and checked every one of them against the
-- search (an index scan by date with the tsquery as a filter) instead of intersecting the GIN and
-- date indexes. An ANALYZE samples at most 30,000 rows, so doing it five times as often is cheap.
-- The vacuum after inserts follows suit, which also keeps the GIN index's pending list short.
ALTER TABLE articles SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE article_topics SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
