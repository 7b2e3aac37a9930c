#pragma once
/// @file prose.h
/// @brief The words of the workbook: the one place each rule of its sentences lives (how a sentence ends,
/// lists are joined, figures, changes, periods and units are written, which shorthand codes exist), used by
/// every sheet the builder lays out (export library internal).

#include "core/domain.h"
#include "export/layout.h"
#include "export/workbook_model.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evidence::xlsx::prose {

// The order of rows in every table, as the cover states it; areaBefore() keeps it.
inline constexpr const char* kRowOrder =
    "Every table lists areas in the same order: police force areas, then regions, then nations, then groupings of "
    "nations, each alphabetically; the like-for-like totals come last.";

// What an empty Notes cell says, stated above each table that has one.
inline constexpr const char* kNoNote = "the row has no note";

std::string upperFirst(std::string s);

std::string lowerFirst(std::string s);

// Ends a sentence with a full stop unless it already ends with punctuation.
std::string sentence(std::string s);

std::string joinSentences(const std::vector<std::string>& parts);

// "a, b and c".
std::string listAnd(const std::vector<std::string>& items);

// Replaces dashes and underscores (which the document title must not hold) with spaces.
std::string withoutDashes(std::string_view s);

std::string hostOf(std::string_view url);

std::string figureText(double v);

std::string signedPercent(double fraction);

std::string kindSingular(Period::Kind k);

std::string periodsSentence(Period::Kind k);

ColumnType unitColumn(Unit u);

std::string unitSentence(const Measure& m);

// Known shorthand codes and what they mean, in the order keys list them.
const std::vector<std::pair<std::string, std::string>>& shorthandMeanings();

// The shorthand codes that occur in @p s as bracketed tokens.
void collectCodes(std::string_view s, std::set<std::string>& codes);

std::string noteFromObservations(const std::vector<std::pair<std::string, std::string>>& notes);

// The areas that the workbook covers, for its title.
std::string geography(const WorkbookModel& m);

std::pair<std::optional<Period>, std::optional<Period>> periodRange(const WorkbookModel& m);

} // namespace evidence::xlsx::prose
