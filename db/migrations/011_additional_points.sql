-- Schema 11: points a response makes that are not tied to a question ("additional points"), in the order
-- the response gives them. Free text, scanned and redacted in the audit log like an answer's text.
-- `position` orders them (1, 2, 3 ...); the times are those of the store's clock, ISO 8601 UTC.
CREATE TABLE submission_points (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position > 0),
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
-- Not unique: undo puts a deleted point back while the points after it may still hold its place for a moment;
-- the store keeps the positions 1, 2, 3 ... without gaps.
CREATE INDEX submission_points_order ON submission_points (submission_id, position);
