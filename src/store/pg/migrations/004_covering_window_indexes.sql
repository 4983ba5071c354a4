-- A tagged /topic joins the window's articles (by date) with the topic's tags. Both sides read whole
-- rows for three or four small columns: at 100,000 articles, 8,500 article rows (each carrying its
-- search vector since 002) and 16,800 tag rows, 4,520 buffers. Covering indexes answer both sides
-- from the index alone once vacuum has marked the pages visible (autovacuum does, 003): 272
-- buffers, about half the time. They replace the plain indexes on the same keys, so ingest still
-- maintains one index for each.
CREATE INDEX articles_date_cover ON articles ((coalesce(published, added_at))) INCLUDE (id, scope, published, added_at);
DROP INDEX articles_date;
CREATE INDEX article_topics_topic_cover ON article_topics (topic_id) INCLUDE (article_id, score, evidence);
DROP INDEX article_topics_topic;
