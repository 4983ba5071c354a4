-- An article's sentences move into its own row, and its lead is stored once, at ingest.
--
-- `sentences` held one row per sentence (16 per article on the evaluation corpora), each with a copy
-- of its text, which is a slice of articles.body: writing those rows took about 15% of the store's
-- time at ingest, and every reader wants all of an article's sentences at once anyway. Now:
--
--   articles.sentences  JSON array, one [paragraph, start, end, score, summaryRank, components] per
--                       sentence in document order (the position is the sentence's index); its text
--                       is body.slice(start, end), offsets in UTF-16 code units as JavaScript counts
--                       them (so not SQLite's substr, which counts code points). summaryRank is null
--                       for a sentence the summariser never picks; components is the score's named
--                       parts, for /summary explain. Read by ArticleStore.sentences().
--   articles.lead       the story's lead: its first LEAD_SENTENCES sentences joined by spaces
--                       (storyLead in src/articles/article.ts), which story clustering compares. It
--                       was re-assembled from sentence rows by two queries (/topic, the digest).
--
-- Existing rows are converted in place: the values are carried over unchanged (REAL scores print with
-- 17 significant digits, enough to read back the same double), and the lead is built from the stored
-- sentence texts with LEAD_SENTENCES = 2, as the old queries did.
ALTER TABLE articles ADD COLUMN sentences TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN lead TEXT NOT NULL DEFAULT '';

UPDATE articles SET
  sentences = coalesce((
    SELECT json_group_array(json_array(s.paragraph, s.start, s.end, s.score, s.summary_rank, json(s.components)) ORDER BY s.idx)
    FROM sentences s WHERE s.article_id = articles.id
  ), '[]'),
  lead = coalesce((
    SELECT group_concat(s.text, ' ' ORDER BY s.idx) FROM sentences s WHERE s.article_id = articles.id AND s.idx < 2
  ), '')
WHERE id IN (SELECT article_id FROM sentences);

DROP TABLE sentences;
