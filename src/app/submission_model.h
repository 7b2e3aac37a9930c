#pragma once
/// @file submission_model.h
/// @brief GUI-free checks of the submission form as the user types (candidates for the core).
///
/// The store enforces its own rules when it saves (a title, a consultation). These checks add the format
/// of the fields a person types, so the form can say what is wrong before the export does.

#include "core/domain.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::app {

/// One problem of one field, as a sentence naming the field and what to do.
struct FieldProblem
{
    std::string field;   ///< the field's label, e.g. "Organisational email"
    std::string message; ///< e.g. "Organisational email: 'jane@' is not a complete address; ..."
};

/// True for a calendar date written YYYY-MM-DD (a real day of a real month).
bool isIsoDate(std::string_view text) noexcept;

/// The stored "as at" time for a typed date: @p previous when it is already that day, else midnight UTC.
std::string asAtFromDate(std::string_view date, std::string_view previous);

/// The problems of the typed fields: title, contact e-mail shape, contact role, as-at date.
std::vector<FieldProblem> checkSubmissionFields(const Submission& submission);

} // namespace evidence::app
