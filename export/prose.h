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

// @p s with its first byte upper-cased (ASCII), to begin a sentence with a phrase.
std::string upperFirst(std::string s);

// @p s with its first letter lower-cased (ASCII) unless the second is upper case too (an acronym stays),
// to put a phrase inside a sentence.
std::string lowerFirst(std::string s);

// Ends a sentence with a full stop unless it already ends with punctuation.
std::string sentence(std::string s);

// Each part made a sentence(), repeats and empty parts left out, joined by spaces.
std::string joinSentences(const std::vector<std::string>& parts);

// "a, b and c".
std::string listAnd(const std::vector<std::string>& items);

// Replaces dashes and underscores (which the document title must not hold) with spaces.
std::string withoutDashes(std::string_view s);

// The host name of @p url without "www." ("gov.uk" from "https://www.gov.uk/..."), to name a link in text.
std::string hostOf(std::string_view url);

// A figure for text: thousands commas, at most two decimals, no trailing zeros ("1,493", "12.5").
std::string figureText(double v);

// A fraction as a signed percentage with one decimal: "+12.5%", "-3.0%", "0.0%".
std::string signedPercent(double fraction);

// The kind's name in the singular, for sentences ("financial year").
std::string kindSingular(Period::Kind k);

// The sentence that says what the periods of @p k are, for the lines above a table.
std::string periodsSentence(Period::Kind k);

// How a measure's figures are shown: counts as #,##0, rates with two decimals, percentages with one.
ColumnType unitColumn(Unit u);

// The sentence that says what @p m's figures are ("Figures are rates per 10,000 children under 18.").
std::string unitSentence(const Measure& m);

// Known shorthand codes and what they mean, in the order keys list them.
const std::vector<std::pair<std::string, std::string>>& shorthandMeanings();

// The shorthand codes that occur in @p s as bracketed tokens.
void collectCodes(std::string_view s, std::set<std::string>& codes);

// The Notes cell of a statistics row from its (period label, note) pairs: the note once when every period has
// the same, else "2015/16: note. 2016/17: note."; empty when none.
std::string noteFromObservations(const std::vector<std::pair<std::string, std::string>>& notes);

// The areas that the workbook covers, for its title.
std::string geography(const WorkbookModel& m);

// The earliest and the latest period of any measure in @p m; nothing when it has no periods, or when its
// measures use different kinds of period (no one range spans years and quarters).
std::pair<std::optional<Period>, std::optional<Period>> periodRange(const WorkbookModel& m);

// What the periods of @p m are: periodsSentence() of their kind, or, when measures differ, each kind with
// its measures. Empty when no measure has a period.
std::string periodsSentence(const WorkbookModel& m);

} // namespace evidence::xlsx::prose
