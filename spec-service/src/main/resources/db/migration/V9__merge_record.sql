-- Where a spec's branch went: the commit merge-service brought it in with, the branch it went
-- into and when (SpecLifecycleService.RecordMerge). Empty (NULL) until it is merged.
ALTER TABLE spec ADD COLUMN merge_commit TEXT;
ALTER TABLE spec ADD COLUMN merged_into TEXT;
ALTER TABLE spec ADD COLUMN merged_at TIMESTAMPTZ;
