-- Whether archiving also commits the archived specs' markdown to the repository, through merge-service's
-- queue (.chant/archive/<date>/<id>.md on the default branch). Off by default: archiving only marks them.
ALTER TABLE project ADD COLUMN archive_in_repository boolean NOT NULL DEFAULT false;
