-- Archive requests share the merge queue (docs/merge-service.md, "Archiving"): a request of kind ARCHIVE
-- commits its specs' markdown to .chant/archive/<date>/<id>.md on the target in one commit, then archives
-- the specs in spec-service.
ALTER TABLE merge_request ADD COLUMN kind TEXT NOT NULL DEFAULT 'MERGE' CHECK (kind IN ('MERGE', 'ARCHIVE'));
-- ARCHIVE: cancelled specs are archived too.
ALTER TABLE merge_request ADD COLUMN force BOOLEAN NOT NULL DEFAULT FALSE;
-- ARCHIVE: the folder under .chant/archive/ of the commit (YYYY-MM-DD, the database's day in UTC), set with
-- the intent of the commit's push; '' before.
ALTER TABLE merge_request ADD COLUMN archive_folder TEXT NOT NULL DEFAULT '';

ALTER TABLE merge_item DROP CONSTRAINT merge_item_outcome_check;
ALTER TABLE merge_item ADD CONSTRAINT merge_item_outcome_check CHECK (outcome IN ('PENDING', 'MERGED', 'ALREADY_MERGED',
    'CONFLICT', 'REFUSED', 'SKIPPED', 'MERGEABLE', 'ARCHIVED', 'ALREADY_ARCHIVED'));
-- ARCHIVE: the folder its file is in on the target (ArchiveSpecs archives it into that folder); '' for none.
ALTER TABLE merge_item ADD COLUMN archive_folder TEXT NOT NULL DEFAULT '';
