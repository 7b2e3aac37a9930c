-- Schema 2: acknowledgements of anonymisation findings.
-- A WARN finding may be acknowledged with a reason; it is identified by what was found (kind and
-- normalised text: the fingerprint) and where (record and field), not by its offset, so the
-- acknowledgement survives edits elsewhere in the text.

CREATE TABLE finding_acknowledgements (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    record_table    TEXT NOT NULL,
    record_uuid     TEXT NOT NULL,
    field           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    matched_text    TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    reason          TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    acknowledged_by TEXT NOT NULL CHECK (length(trim(acknowledged_by)) > 0),
    acknowledged_at TEXT NOT NULL,
    UNIQUE (record_uuid, fingerprint)
);
CREATE INDEX finding_acknowledgements_record ON finding_acknowledgements (record_uuid);
