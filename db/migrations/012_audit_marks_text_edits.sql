-- Schema 12: an update's entry says which free-text fields it changed. The log keeps free text as its length
-- only (schema 6), so an edit that kept a text's length looked like no edit, and a merge had to take every
-- text of an updated record as perhaps changed. From now on an edited text is logged as
-- "[redacted: N characters, edited]" on the entry's new side (the triggers are re-created after this
-- migration). Entries logged before, from the id recorded here, keep the old reading.
INSERT OR REPLACE INTO store_info (key, value)
VALUES ('audit_marks_text_edits_from', (SELECT coalesce(max(id), 0) + 1 FROM audit_log));
