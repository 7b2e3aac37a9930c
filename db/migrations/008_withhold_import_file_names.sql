-- Schema 8: an imported file's name no longer stays in the store.
-- A file is often named after what it holds ("callum-b statement.csv"), and no scanner can be sure of a
-- file name. From this version the store keeps only the length of an imported file's name and a short
-- extension ("[file name withheld: 23 characters].csv"); this migration withholds the names that earlier
-- versions kept, in imports and in the imports' audit entries. The audit trigger of imports is dropped
-- first, so that this change logs no old name; the store re-creates its triggers after the migration.
DROP TRIGGER IF EXISTS audit_imports_update;

UPDATE imports SET file_name = (
    WITH named(base) AS (SELECT replace(imports.file_name, rtrim(imports.file_name, replace(imports.file_name, '/', '')), '')),
    split(base, ext) AS (
        SELECT base, CASE WHEN instr(base, '.') > 0 THEN replace(base, rtrim(base, replace(base, '.', '')), '') ELSE ''
                     END
        FROM named)
    SELECT '[file name withheld: ' || length(base) || ' characters]' ||
           CASE WHEN length(ext) BETWEEN 1 AND 4 AND length(ext) < length(base) - 1
                     AND ext NOT GLOB '*[^A-Za-z0-9]*' THEN '.' || ext ELSE '' END
    FROM split)
WHERE file_name NOT LIKE '[file name withheld: %';

UPDATE audit_log
SET new_values = json_set(new_values, '$.file_name',
                          coalesce((SELECT file_name FROM imports WHERE imports.uuid = audit_log.record_uuid),
                                   '[file name withheld]'))
WHERE table_name = 'imports' AND new_values <> '' AND json_type(new_values, '$.file_name') = 'text';
UPDATE audit_log
SET old_values = json_set(old_values, '$.file_name',
                          coalesce((SELECT file_name FROM imports WHERE imports.uuid = audit_log.record_uuid),
                                   '[file name withheld]'))
WHERE table_name = 'imports' AND old_values <> '' AND json_type(old_values, '$.file_name') = 'text';
