-- Trend charts (src/store/trends.ts) read every match of a topic in a window of days: this index
-- gives a topic's articles in id order with their score, so a chart walks only its topic's articles
-- of the window (ids bound it) and takes day, scope and story from article_stories, never touching
-- the wide articles rows.
CREATE INDEX article_topics_trend ON article_topics(topic_id, article_id, score);
