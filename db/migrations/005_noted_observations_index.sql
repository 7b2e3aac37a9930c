-- Schema 5: an index of the figures that carry a note, in identity order.
-- The anonymisation gate and the re-read of a written workbook look at every note of the measures
-- they export. Without this index each measure's observations were all read to find the few with a
-- note: about 1.5 s at a million figures, twice per export. Only noted rows are indexed, so an import
-- of figures without notes maintains nothing more.
CREATE INDEX observations_noted ON observations (measure_id, area_id, dimension, category, period_key, source_id)
WHERE note <> '';
