-- How each spec's file spelled values where that differs from the platform's own spelling (an
-- unquoted all-digit SHA, a quoted timestamp, an empty list): kept so that export writes an
-- imported file back as it was written. YAML of chant.spec.content.FileStyle; '' when there is none.
ALTER TABLE spec ADD COLUMN file_style TEXT NOT NULL DEFAULT '';
