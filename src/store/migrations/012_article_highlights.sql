-- The outlet's own highlights (a print story's standfirst bullets), read at parse time and kept out
-- of the body: /summary shows them as the outlet's. A JSON array of strings; '[]' when it gave none,
-- as for every article stored before this migration.
ALTER TABLE articles ADD COLUMN highlights TEXT NOT NULL DEFAULT '[]';
