-- Schema 4: one index for an observation's identity and its series, instead of three.
-- Schema 1 kept the identity UNIQUE (measure, area, period, breakdown, source) and two more indexes
-- for reading: each series (measure, area, breakdown, then period) and each measure by period.
-- Maintaining all three made SQLite about half of a large import's time. The identity in series
-- order serves every read: a series is a run of it, and a measure's periods are one range scan of
-- it. SQLite cannot change a table's UNIQUE constraint in place, so the table is rebuilt with the
-- same ids and uuids; the audit triggers are re-installed on the new table after the migration.

CREATE TABLE observations_v4 (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    measure_id INTEGER NOT NULL REFERENCES measures (id) ON DELETE RESTRICT,
    area_id    INTEGER NOT NULL REFERENCES areas (id) ON DELETE RESTRICT,
    period     TEXT NOT NULL,
    period_key INTEGER NOT NULL,
    dimension  TEXT NOT NULL DEFAULT '',
    category   TEXT NOT NULL DEFAULT '',
    value      REAL CHECK (value IS NULL OR value >= 0),
    markers    TEXT NOT NULL DEFAULT '',
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE RESTRICT,
    note       TEXT NOT NULL DEFAULT '',
    CHECK ((dimension = '') = (category = '')),
    CHECK (value IS NOT NULL OR markers GLOB '*[[]x]*' OR markers GLOB '*[[]c]*' OR markers GLOB '*[[]z]*'
           OR markers GLOB '*[[]low]*'),
    UNIQUE (measure_id, area_id, dimension, category, period_key, source_id)
);

INSERT INTO observations_v4 (id, uuid, measure_id, area_id, period, period_key, dimension, category, value, markers,
                             source_id, note)
SELECT id, uuid, measure_id, area_id, period, period_key, dimension, category, value, markers, source_id, note
FROM observations ORDER BY id;

DROP TABLE observations;
ALTER TABLE observations_v4 RENAME TO observations;
