-- Schema 3: one audit entry per bulk import instead of one per inserted row.
-- Auditing every imported figure as JSON made a large import spend most of its time in the audit
-- log, yet the rows an import adds can be read back from the store and its file named by hash. So
-- an import writes one row here (file name, size, SHA-256, counts, options), and the audit trigger
-- of this table turns it into the import's audit entry. While the import runs, the store drops the
-- per-row insert trigger of the imported table inside the import's own transaction and re-creates
-- it before committing (see Store::BulkImport): no other connection and no committed state ever
-- lacks it, and a rollback or a crash restores it. Replaced figures are still audited one by one
-- with their old values, which nothing else keeps.

CREATE TABLE imports (
    id        INTEGER PRIMARY KEY,
    uuid      TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL CHECK (file_size >= 0),
    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
    kind      TEXT NOT NULL CHECK (kind IN ('observations', 'case_studies')),
    rows      INTEGER NOT NULL CHECK (rows >= 0),
    inserted  INTEGER NOT NULL CHECK (inserted >= 0),
    replaced  INTEGER NOT NULL CHECK (replaced >= 0),
    options   TEXT NOT NULL DEFAULT ''
);
