#pragma once
/// @file field_merge.h
/// @brief Saving a form field by field: what the user changed, over what the store holds now.
///
/// A form is read from the store, edited, and saved later. Writing the whole record read earlier would
/// silently revert whatever another window or program saved meanwhile in the fields the user did not
/// touch. These functions take the record as read (@p base), as the form now has it (@p edited) and as
/// the store holds it now (@p current, read in the saving transaction), and return @p current with
/// only the fields that differ between @p base and @p edited replaced.

#include "core/domain.h"

namespace evidence::app {

/// Merges the edits of a submission's form into the store's current record, as the file comment says.
Submission mergeEdits(const Submission& base, const Submission& edited, Submission current);
/// Review state and who reviewed are never taken from the form: Store::update() and setReviewState() own them.
CaseStudy mergeEdits(const CaseStudy& base, const CaseStudy& edited, CaseStudy current);
/// The same for a source's form.
Source mergeEdits(const Source& base, const Source& edited, Source current);
/// The same for a measure's form.
Measure mergeEdits(const Measure& base, const Measure& edited, Measure current);
/// The cited measures and case studies merge item by item: a citation ticked or unticked in the form is
/// added or removed, and one another window added or removed stays as it did.
Answer mergeEdits(const Answer& base, const Answer& edited, Answer current);

} // namespace evidence::app
