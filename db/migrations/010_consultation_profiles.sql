-- Schema 10: a consultation's profile, the rules of the channel a response goes through.
--
-- A consultation's own facts (code, title, dates) stay in `consultations`; how a response to it must be
-- shaped is here, one row per consultation, written when a profile file is imported. Yes/no settings are
-- 0 or 1; a limit is NULL when the consultation sets none. `channels` and `file_formats` are lists
-- separated by ';' ("online_survey;email;post", "doc;docx;odt;rtf").
CREATE TABLE consultation_profiles (
    uuid                 TEXT NOT NULL UNIQUE,
    consultation_id      INTEGER PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
    name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
    closes_time          TEXT NOT NULL DEFAULT '',
    time_zone            TEXT NOT NULL DEFAULT '',
    channels             TEXT NOT NULL DEFAULT '',
    file_formats         TEXT NOT NULL DEFAULT '',
    max_file_mb          INTEGER CHECK (max_file_mb IS NULL OR max_file_mb > 0),
    word_limit_total     INTEGER CHECK (word_limit_total IS NULL OR word_limit_total > 0),
    word_limit_answer    INTEGER CHECK (word_limit_answer IS NULL OR word_limit_answer > 0),
    partial_answers      INTEGER NOT NULL DEFAULT 1 CHECK (partial_answers IN (0, 1)),
    extra_points         INTEGER NOT NULL DEFAULT 1 CHECK (extra_points IN (0, 1)),
    publication          TEXT NOT NULL DEFAULT 'published_unless_confidential'
                         CHECK (publication IN ('published', 'published_unless_confidential', 'not_published')),
    confidentiality_note TEXT NOT NULL DEFAULT '',
    heading              TEXT NOT NULL DEFAULT '',
    summary_first        INTEGER NOT NULL DEFAULT 0 CHECK (summary_first IN (0, 1)),
    numbered_paragraphs  INTEGER NOT NULL DEFAULT 0 CHECK (numbered_paragraphs IN (0, 1)),
    wording_checked      INTEGER NOT NULL DEFAULT 0 CHECK (wording_checked IN (0, 1)),
    wording_note         TEXT NOT NULL DEFAULT ''
);

-- A question's own limits: words in its answer, characters in the online form's box, and whether the
-- consultation requires an answer to it.
ALTER TABLE questions ADD COLUMN word_limit INTEGER CHECK (word_limit IS NULL OR word_limit > 0);
ALTER TABLE questions ADD COLUMN form_char_limit INTEGER CHECK (form_char_limit IS NULL OR form_char_limit > 0);
ALTER TABLE questions ADD COLUMN required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1));
