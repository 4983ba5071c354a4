-- Keep each article's search vector in its row. Under the default (EXTENDED) storage a row over
-- ~2 kB has its largest values moved out of line, and the tsvector, which pglz rarely manages to
-- compress, went to the TOAST table for most articles: ranking a match (ts_rank) then fetched it
-- from there, a TOAST index probe and a chunk read per match, which was most of a free-text
-- /topic's time. MAIN keeps it inline and moves the body and the sentences out first. Rows stored
-- before keep their place until rewritten; new rows follow this.
ALTER TABLE articles ALTER COLUMN search SET STORAGE MAIN;
