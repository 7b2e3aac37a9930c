-- Schema 7: free text no longer stays behind in the audit log.
-- The audit log kept the old and new values of every column, so text removed from a case study
-- (a name, a school) stayed in the store. From this version the audit triggers log free text as its
-- length only ("[redacted: 12 characters]"): who changed which field when stays, the text does not.
-- This migration redacts what earlier versions logged; the store re-creates its triggers after it.
-- Generated from db::textColumns() (FreeText and Copy columns).
UPDATE audit_log SET old_values = json_set(old_values, '$.title', '[redacted: ' || length(json_extract(old_values, '$.title')) || ' characters]')
WHERE table_name = 'sources' AND old_values <> '' AND json_type(old_values, '$.title') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.publisher', '[redacted: ' || length(json_extract(old_values, '$.publisher')) || ' characters]')
WHERE table_name = 'sources' AND old_values <> '' AND json_type(old_values, '$.publisher') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.method', '[redacted: ' || length(json_extract(old_values, '$.method')) || ' characters]')
WHERE table_name = 'sources' AND old_values <> '' AND json_type(old_values, '$.method') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.licence', '[redacted: ' || length(json_extract(old_values, '$.licence')) || ' characters]')
WHERE table_name = 'sources' AND old_values <> '' AND json_type(old_values, '$.licence') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.quality_notes', '[redacted: ' || length(json_extract(old_values, '$.quality_notes')) || ' characters]')
WHERE table_name = 'sources' AND old_values <> '' AND json_type(old_values, '$.quality_notes') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.title', '[redacted: ' || length(json_extract(new_values, '$.title')) || ' characters]')
WHERE table_name = 'sources' AND new_values <> '' AND json_type(new_values, '$.title') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.publisher', '[redacted: ' || length(json_extract(new_values, '$.publisher')) || ' characters]')
WHERE table_name = 'sources' AND new_values <> '' AND json_type(new_values, '$.publisher') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.method', '[redacted: ' || length(json_extract(new_values, '$.method')) || ' characters]')
WHERE table_name = 'sources' AND new_values <> '' AND json_type(new_values, '$.method') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.licence', '[redacted: ' || length(json_extract(new_values, '$.licence')) || ' characters]')
WHERE table_name = 'sources' AND new_values <> '' AND json_type(new_values, '$.licence') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.quality_notes', '[redacted: ' || length(json_extract(new_values, '$.quality_notes')) || ' characters]')
WHERE table_name = 'sources' AND new_values <> '' AND json_type(new_values, '$.quality_notes') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.name', '[redacted: ' || length(json_extract(old_values, '$.name')) || ' characters]')
WHERE table_name = 'measures' AND old_values <> '' AND json_type(old_values, '$.name') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.definition', '[redacted: ' || length(json_extract(old_values, '$.definition')) || ' characters]')
WHERE table_name = 'measures' AND old_values <> '' AND json_type(old_values, '$.definition') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.population', '[redacted: ' || length(json_extract(old_values, '$.population')) || ' characters]')
WHERE table_name = 'measures' AND old_values <> '' AND json_type(old_values, '$.population') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.name', '[redacted: ' || length(json_extract(new_values, '$.name')) || ' characters]')
WHERE table_name = 'measures' AND new_values <> '' AND json_type(new_values, '$.name') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.definition', '[redacted: ' || length(json_extract(new_values, '$.definition')) || ' characters]')
WHERE table_name = 'measures' AND new_values <> '' AND json_type(new_values, '$.definition') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.population', '[redacted: ' || length(json_extract(new_values, '$.population')) || ' characters]')
WHERE table_name = 'measures' AND new_values <> '' AND json_type(new_values, '$.population') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.dimension', '[redacted: ' || length(json_extract(old_values, '$.dimension')) || ' characters]')
WHERE table_name = 'observations' AND old_values <> '' AND json_type(old_values, '$.dimension') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.category', '[redacted: ' || length(json_extract(old_values, '$.category')) || ' characters]')
WHERE table_name = 'observations' AND old_values <> '' AND json_type(old_values, '$.category') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.note', '[redacted: ' || length(json_extract(old_values, '$.note')) || ' characters]')
WHERE table_name = 'observations' AND old_values <> '' AND json_type(old_values, '$.note') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.dimension', '[redacted: ' || length(json_extract(new_values, '$.dimension')) || ' characters]')
WHERE table_name = 'observations' AND new_values <> '' AND json_type(new_values, '$.dimension') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.category', '[redacted: ' || length(json_extract(new_values, '$.category')) || ' characters]')
WHERE table_name = 'observations' AND new_values <> '' AND json_type(new_values, '$.category') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.note', '[redacted: ' || length(json_extract(new_values, '$.note')) || ' characters]')
WHERE table_name = 'observations' AND new_values <> '' AND json_type(new_values, '$.note') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.reference', '[redacted: ' || length(json_extract(old_values, '$.reference')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.reference') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.title', '[redacted: ' || length(json_extract(old_values, '$.title')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.title') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.narrative', '[redacted: ' || length(json_extract(old_values, '$.narrative')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.narrative') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.age_band', '[redacted: ' || length(json_extract(old_values, '$.age_band')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.age_band') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.gender', '[redacted: ' || length(json_extract(old_values, '$.gender')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.gender') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.harm_types', '[redacted: ' || length(json_extract(old_values, '$.harm_types')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.harm_types') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.platform_types', '[redacted: ' || length(json_extract(old_values, '$.platform_types')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.platform_types') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.outcome', '[redacted: ' || length(json_extract(old_values, '$.outcome')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.outcome') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.consent_recorded_by', '[redacted: ' || length(json_extract(old_values, '$.consent_recorded_by')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.consent_recorded_by') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.reviewed_by', '[redacted: ' || length(json_extract(old_values, '$.reviewed_by')) || ' characters]')
WHERE table_name = 'case_studies' AND old_values <> '' AND json_type(old_values, '$.reviewed_by') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.reference', '[redacted: ' || length(json_extract(new_values, '$.reference')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.reference') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.title', '[redacted: ' || length(json_extract(new_values, '$.title')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.title') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.narrative', '[redacted: ' || length(json_extract(new_values, '$.narrative')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.narrative') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.age_band', '[redacted: ' || length(json_extract(new_values, '$.age_band')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.age_band') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.gender', '[redacted: ' || length(json_extract(new_values, '$.gender')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.gender') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.harm_types', '[redacted: ' || length(json_extract(new_values, '$.harm_types')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.harm_types') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.platform_types', '[redacted: ' || length(json_extract(new_values, '$.platform_types')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.platform_types') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.outcome', '[redacted: ' || length(json_extract(new_values, '$.outcome')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.outcome') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.consent_recorded_by', '[redacted: ' || length(json_extract(new_values, '$.consent_recorded_by')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.consent_recorded_by') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.reviewed_by', '[redacted: ' || length(json_extract(new_values, '$.reviewed_by')) || ' characters]')
WHERE table_name = 'case_studies' AND new_values <> '' AND json_type(new_values, '$.reviewed_by') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.title', '[redacted: ' || length(json_extract(old_values, '$.title')) || ' characters]')
WHERE table_name = 'submissions' AND old_values <> '' AND json_type(old_values, '$.title') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.organisation', '[redacted: ' || length(json_extract(old_values, '$.organisation')) || ' characters]')
WHERE table_name = 'submissions' AND old_values <> '' AND json_type(old_values, '$.organisation') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.contact_role', '[redacted: ' || length(json_extract(old_values, '$.contact_role')) || ' characters]')
WHERE table_name = 'submissions' AND old_values <> '' AND json_type(old_values, '$.contact_role') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.contact_email', '[redacted: ' || length(json_extract(old_values, '$.contact_email')) || ' characters]')
WHERE table_name = 'submissions' AND old_values <> '' AND json_type(old_values, '$.contact_email') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.summary', '[redacted: ' || length(json_extract(old_values, '$.summary')) || ' characters]')
WHERE table_name = 'submissions' AND old_values <> '' AND json_type(old_values, '$.summary') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.caveats', '[redacted: ' || length(json_extract(old_values, '$.caveats')) || ' characters]')
WHERE table_name = 'submissions' AND old_values <> '' AND json_type(old_values, '$.caveats') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.title', '[redacted: ' || length(json_extract(new_values, '$.title')) || ' characters]')
WHERE table_name = 'submissions' AND new_values <> '' AND json_type(new_values, '$.title') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.organisation', '[redacted: ' || length(json_extract(new_values, '$.organisation')) || ' characters]')
WHERE table_name = 'submissions' AND new_values <> '' AND json_type(new_values, '$.organisation') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.contact_role', '[redacted: ' || length(json_extract(new_values, '$.contact_role')) || ' characters]')
WHERE table_name = 'submissions' AND new_values <> '' AND json_type(new_values, '$.contact_role') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.contact_email', '[redacted: ' || length(json_extract(new_values, '$.contact_email')) || ' characters]')
WHERE table_name = 'submissions' AND new_values <> '' AND json_type(new_values, '$.contact_email') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.summary', '[redacted: ' || length(json_extract(new_values, '$.summary')) || ' characters]')
WHERE table_name = 'submissions' AND new_values <> '' AND json_type(new_values, '$.summary') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.caveats', '[redacted: ' || length(json_extract(new_values, '$.caveats')) || ' characters]')
WHERE table_name = 'submissions' AND new_values <> '' AND json_type(new_values, '$.caveats') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.choice', '[redacted: ' || length(json_extract(old_values, '$.choice')) || ' characters]')
WHERE table_name = 'answers' AND old_values <> '' AND json_type(old_values, '$.choice') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.text', '[redacted: ' || length(json_extract(old_values, '$.text')) || ' characters]')
WHERE table_name = 'answers' AND old_values <> '' AND json_type(old_values, '$.text') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.choice', '[redacted: ' || length(json_extract(new_values, '$.choice')) || ' characters]')
WHERE table_name = 'answers' AND new_values <> '' AND json_type(new_values, '$.choice') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.text', '[redacted: ' || length(json_extract(new_values, '$.text')) || ' characters]')
WHERE table_name = 'answers' AND new_values <> '' AND json_type(new_values, '$.text') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.matched_text', '[redacted: ' || length(json_extract(old_values, '$.matched_text')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND old_values <> '' AND json_type(old_values, '$.matched_text') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.fingerprint', '[redacted: ' || length(json_extract(old_values, '$.fingerprint')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND old_values <> '' AND json_type(old_values, '$.fingerprint') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.reason', '[redacted: ' || length(json_extract(old_values, '$.reason')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND old_values <> '' AND json_type(old_values, '$.reason') = 'text';
UPDATE audit_log SET old_values = json_set(old_values, '$.acknowledged_by', '[redacted: ' || length(json_extract(old_values, '$.acknowledged_by')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND old_values <> '' AND json_type(old_values, '$.acknowledged_by') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.matched_text', '[redacted: ' || length(json_extract(new_values, '$.matched_text')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND new_values <> '' AND json_type(new_values, '$.matched_text') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.fingerprint', '[redacted: ' || length(json_extract(new_values, '$.fingerprint')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND new_values <> '' AND json_type(new_values, '$.fingerprint') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.reason', '[redacted: ' || length(json_extract(new_values, '$.reason')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND new_values <> '' AND json_type(new_values, '$.reason') = 'text';
UPDATE audit_log SET new_values = json_set(new_values, '$.acknowledged_by', '[redacted: ' || length(json_extract(new_values, '$.acknowledged_by')) || ' characters]')
WHERE table_name = 'finding_acknowledgements' AND new_values <> '' AND json_type(new_values, '$.acknowledged_by') = 'text';

-- Case studies are looked up by reference ignoring case ("cs-004" is CS-004), which the UNIQUE index
-- (binary collation) cannot serve: each look-up read the whole table, so importing n case studies took
-- time in n squared (4,000 rows: 4 s; 10,000: 30 s). This index serves those look-ups.
CREATE INDEX IF NOT EXISTS case_studies_reference_nocase ON case_studies (reference COLLATE NOCASE);
