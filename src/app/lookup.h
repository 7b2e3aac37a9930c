#pragma once
/// @file lookup.h
/// @brief Finding records from what a person types: a name, a code, a reference or a UUID.

#include "db/store.h"

#include <string_view>

namespace evidence::app {

/// The measure named @p nameOrUuid (case-insensitive) or with that UUID.
/// @throws NotFoundError listing the store's measures.
Measure findMeasure(const db::Store& store, std::string_view nameOrUuid);

/// The one area with this GSS code, name or UUID.
/// @throws NotFoundError if none; DataError if several share it (listing them).
Area findArea(const db::Store& store, std::string_view codeOrName);

/// The consultation a submission answers, or the store's only consultation when @p submissionId is 0.
Submission findSubmission(const db::Store& store, RowId submissionId);

/// A new store (or one made by `evidence-cli init` before it could start one) has no submission: starts one
/// for its first consultation, titled @p title (default "Response to <consultation>"), so that every view and
/// the export have something to work on. Does nothing when the store has a submission or no consultation.
/// @return the submission's id, 0 when none was started
RowId ensureSubmission(db::Store& store, std::string title = {}, std::string organisation = {});

/// "Dorset (E23000039)".
std::string areaLabel(const Area& area);

} // namespace evidence::app
