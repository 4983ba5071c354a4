-- How sure the speaker ranking was of each quote's speaker (0-1; NULL for quotes stored before it),
-- so /quotes can mark an uncertain attribution instead of stating a name plainly; and the other forms
-- the text called the speaker by ("the military's media wing" for ISPR, "PM Shehbaz"), space-joined,
-- so /quotes speaker: finds a speaker by any of them.
ALTER TABLE quotes ADD COLUMN confidence REAL;
ALTER TABLE quotes ADD COLUMN speaker_forms TEXT;
