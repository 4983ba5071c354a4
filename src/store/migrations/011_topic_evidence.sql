-- Topics tagged by evidence (issue 15): each tag keeps the sentence that shows the article is about
-- the topic (its index; -1 when the headline alone did), and the shared topics take the ids of the
-- hand-made gold they are measured on. Tags stored before this keep their score and have no evidence
-- sentence (NULL) until the article is ingested again.
ALTER TABLE article_topics ADD COLUMN evidence INTEGER;

UPDATE article_topics SET topic_id = 'bla-balochistan' WHERE topic_id = 'balochistan-insurgency';
UPDATE article_topics SET topic_id = 'china-cpec-security' WHERE topic_id = 'cpec-china';
UPDATE article_topics SET topic_id = 'counterterrorism-ops' WHERE topic_id = 'counter-terrorism';
UPDATE article_topics SET topic_id = 'sectarian' WHERE topic_id = 'sectarian-violence';
