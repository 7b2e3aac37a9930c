-- Schema 7: when each figure is from, the submission's coverage threshold, and a case study's basis.
--
-- Figures. A source such as "FOI requests to police forces" is answered in rounds, and one release can
-- mix figures from different rounds (Wiltshire's 54 is from the June 2019 round while the rest are from
-- the October 2019 round), so the date a figure is correct at belongs to the figure, not to its source.
-- `as_at` is that date (YYYY-MM-DD, or YYYY-MM when only the month is known); `round` names the
-- collection it came from ("June 2019 round"). Both are empty unless they differ from the source: an
-- empty as_at means the figure is as at its source's publication date, so existing stores stay true
-- without a value per row and an import of a single-round release needs no new columns.
ALTER TABLE observations ADD COLUMN as_at TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN round TEXT NOT NULL DEFAULT '';

-- Submissions. The share of the areas in scope a like-for-like total must cover before its change is
-- stated, as a fraction (0.5 = half), so the tables, headlines and readiness list of one response
-- apply one rule that the response itself records. Half was the rule before this version.
ALTER TABLE submissions ADD COLUMN coverage_threshold REAL NOT NULL DEFAULT 0.5
    CHECK (coverage_threshold >= 0 AND coverage_threshold <= 1);

-- Case studies. A case study is told with the family's consent, or retold from a published account (a
-- court report, a newspaper article), for which the charity holds no consent and must not claim one:
-- `basis` says which, a published account carries its citation, and its consent is 'not_applicable'
-- (a value the old CHECK refused, so the table is rebuilt). Every row keeps its id and uuid; the
-- tables that refer to case studies refer to them by id and are untouched (the store turns foreign key
-- enforcement off around migrations, so dropping the old table deletes nothing from them, and
-- checks every reference before committing). The index is re-created here and the audit and
-- acknowledgement triggers by the store after the migration.
CREATE TABLE case_studies_v7 (
    id                  INTEGER PRIMARY KEY,
    uuid                TEXT NOT NULL UNIQUE,
    reference           TEXT NOT NULL UNIQUE CHECK (length(trim(reference)) > 0),
    title               TEXT NOT NULL DEFAULT '',
    narrative           TEXT NOT NULL DEFAULT '',
    age                 INTEGER CHECK (age IS NULL OR (age >= 0 AND age <= 25)),
    age_band            TEXT NOT NULL DEFAULT '',
    gender              TEXT NOT NULL DEFAULT '',
    region_area_id      INTEGER REFERENCES areas (id) ON DELETE RESTRICT,
    year                INTEGER CHECK (year IS NULL OR (year >= 1950 AND year <= 2200)),
    harm_types          TEXT NOT NULL DEFAULT '',
    platform_types      TEXT NOT NULL DEFAULT '',
    outcome             TEXT NOT NULL DEFAULT '',
    consent             TEXT NOT NULL DEFAULT 'unknown'
                        CHECK (consent IN ('unknown', 'yes', 'no', 'not_applicable')),
    consent_recorded_by TEXT NOT NULL DEFAULT '',
    consent_date        TEXT NOT NULL DEFAULT '',
    review_state        TEXT NOT NULL DEFAULT 'draft' CHECK (review_state IN ('draft', 'reviewed')),
    reviewed_by         TEXT NOT NULL DEFAULT '',
    reviewed_at         TEXT NOT NULL DEFAULT '',
    basis               TEXT NOT NULL DEFAULT 'consent' CHECK (basis IN ('consent', 'published_account')),
    citation_publisher  TEXT NOT NULL DEFAULT '',
    citation_title      TEXT NOT NULL DEFAULT '',
    citation_date       TEXT NOT NULL DEFAULT '',
    citation_url        TEXT NOT NULL DEFAULT '',
    CHECK ((basis = 'published_account') = (consent = 'not_applicable')),
    CHECK (basis = 'consent' OR (length(trim(citation_publisher)) > 0 AND length(trim(citation_title)) > 0
                                 AND (citation_date <> '' OR citation_url <> '')))
);

INSERT INTO case_studies_v7 (id, uuid, reference, title, narrative, age, age_band, gender, region_area_id, year,
                             harm_types, platform_types, outcome, consent, consent_recorded_by, consent_date,
                             review_state, reviewed_by, reviewed_at)
SELECT id, uuid, reference, title, narrative, age, age_band, gender, region_area_id, year, harm_types,
       platform_types, outcome, consent, consent_recorded_by, consent_date, review_state, reviewed_by, reviewed_at
FROM case_studies ORDER BY id;

DROP TABLE case_studies;
ALTER TABLE case_studies_v7 RENAME TO case_studies;
CREATE INDEX case_studies_reference_nocase ON case_studies (reference COLLATE NOCASE);
