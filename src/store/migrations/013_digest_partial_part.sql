-- A digest part can become several messages. Their ids are recorded one by one as Discord answers,
-- so a crash inside a part loses no record of what landed: message_ids keeps the finished parts,
-- partial_ids the messages of the part being posted.
ALTER TABLE digest_slots ADD COLUMN partial_ids TEXT NOT NULL DEFAULT '[]';
