-- Schema 1: the submission store.
-- Every record has a stable UUID (stores will be merged later). Text is UTF-8.
-- Audit triggers are not written here: the store derives them from the tables after each
-- migration, so a new column can never be left out of the audit log.

CREATE TABLE store_info (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL UNIQUE CHECK (length(trim(title)) > 0),
    publisher      TEXT NOT NULL DEFAULT '',
    method         TEXT NOT NULL DEFAULT '',
    date_published TEXT NOT NULL DEFAULT '',
    date_retrieved TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    licence        TEXT NOT NULL DEFAULT '',
    quality_notes  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE measures (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    definition TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT 'count' CHECK (unit IN ('count', 'rate_per_10000', 'percentage')),
    population TEXT NOT NULL DEFAULT ''
);

CREATE TABLE areas (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    code        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('police_force_area', 'region', 'country', 'aggregate')),
    itl1_code   TEXT NOT NULL DEFAULT '',
    region_name TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT '',
    reference   INTEGER NOT NULL DEFAULT 0 CHECK (reference IN (0, 1)),
    UNIQUE (kind, name)
);
CREATE UNIQUE INDEX areas_kind_code ON areas (kind, code) WHERE code <> '';
CREATE INDEX areas_code ON areas (code);

-- Which police force areas make up a region, a nation or an aggregate (scope of totals).
CREATE TABLE area_members (
    uuid      TEXT NOT NULL UNIQUE,
    parent_id INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, member_id)
);

CREATE TABLE observations (
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
    UNIQUE (measure_id, area_id, period_key, dimension, category, source_id)
);
CREATE INDEX observations_series ON observations (measure_id, area_id, dimension, category, period_key);
CREATE INDEX observations_period ON observations (measure_id, period_key);

CREATE TABLE consultations (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    code      TEXT NOT NULL DEFAULT '',
    title     TEXT NOT NULL CHECK (length(trim(title)) > 0),
    publisher TEXT NOT NULL DEFAULT '',
    opens     TEXT NOT NULL DEFAULT '',
    closes    TEXT NOT NULL DEFAULT '',
    url       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    number          TEXT NOT NULL CHECK (length(trim(number)) > 0),
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    answer_type     TEXT NOT NULL CHECK (answer_type IN ('yes_no', 'yes_no_free_text', 'free_text', 'choice',
                                                         'multi_choice_free_text')),
    choices         TEXT NOT NULL DEFAULT '',
    UNIQUE (consultation_id, number)
);

CREATE TABLE case_studies (
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
    consent             TEXT NOT NULL DEFAULT 'unknown' CHECK (consent IN ('unknown', 'yes', 'no')),
    consent_recorded_by TEXT NOT NULL DEFAULT '',
    consent_date        TEXT NOT NULL DEFAULT '',
    review_state        TEXT NOT NULL DEFAULT 'draft' CHECK (review_state IN ('draft', 'reviewed')),
    reviewed_by         TEXT NOT NULL DEFAULT '',
    reviewed_at         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE case_study_questions (
    uuid          TEXT NOT NULL UNIQUE,
    case_study_id INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    question_id   INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    PRIMARY KEY (case_study_id, question_id)
);

CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE RESTRICT,
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    organisation    TEXT NOT NULL DEFAULT '',
    contact_role    TEXT NOT NULL DEFAULT '',
    contact_email   TEXT NOT NULL DEFAULT '',
    as_at           TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    caveats         TEXT NOT NULL DEFAULT ''
);

-- Case studies and measures selected for a submission.
CREATE TABLE submission_case_studies (
    uuid          TEXT NOT NULL UNIQUE,
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    case_study_id INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    PRIMARY KEY (submission_id, case_study_id)
);
CREATE TABLE submission_measures (
    uuid          TEXT NOT NULL UNIQUE,
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    measure_id    INTEGER NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    PRIMARY KEY (submission_id, measure_id)
);

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    question_id   INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    choice        TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    UNIQUE (submission_id, question_id)
);

CREATE TABLE answer_evidence (
    uuid          TEXT NOT NULL UNIQUE,
    answer_id     INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    measure_id    INTEGER REFERENCES measures (id) ON DELETE CASCADE,
    case_study_id INTEGER REFERENCES case_studies (id) ON DELETE CASCADE,
    CHECK ((measure_id IS NULL) <> (case_study_id IS NULL))
);
CREATE UNIQUE INDEX answer_evidence_measure ON answer_evidence (answer_id, measure_id) WHERE measure_id IS NOT NULL;
CREATE UNIQUE INDEX answer_evidence_case ON answer_evidence (answer_id, case_study_id) WHERE case_study_id IS NOT NULL;

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    os_user     TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    record_uuid TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'export')),
    old_values  TEXT NOT NULL DEFAULT '',
    new_values  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_record ON audit_log (record_uuid);
