#pragma once
/// @file choosers.h
/// @brief What the lists a person chooses from show, and type-to-find over them (no toolkit types).

#include "core/domain.h"

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::app {

/// "police force", "region", "country", "aggregate area": the kind of an area as a list shows it.
std::string_view areaKindWord(AreaKind kind) noexcept;

/// The label of each of @p areas in a list: the name, or, where another area known to the store shares the name
/// (West Midlands the force and the region), the name and its kind: "West Midlands (police force)".
/// @param known every area a label could be confused with (usually the store's areas); @p areas are added.
std::vector<std::string> areaLabels(const std::vector<Area>& areas, const std::vector<Area>& known = {});
/// One area's label among @p known (see areaLabels).
std::string areaLabel(const Area& area, const std::vector<Area>& known);

/// Whether @p label matches what was typed to find it: every word of @p query appears in it, in any order,
/// ignoring case ("mid west" finds "West Midlands (region)"). An empty query matches everything.
bool matchesSearch(std::string_view label, std::string_view query);

/// The positions in @p labels that match @p query, in order.
std::vector<std::size_t> searchMatches(const std::vector<std::string>& labels, std::string_view query);

/// Orders two cells of a list as people read them: figures ("1,493", "-12.5%", "+3", "82 [p]") by value and
/// before text, text ignoring case. Negative when @p a comes first, 0 when equal.
int compareCells(std::string_view a, std::string_view b);

/// How the Sources list is ordered.
enum class SourceOrder { Added, Title, Publisher, Published };
/// The positions in @p sources of those to list for @p query (matched against title, publisher and URL),
/// in @p order (ties, and SourceOrder::Added, in the order given).
std::vector<std::size_t> arrangeSources(const std::vector<Source>& sources, std::string_view query, SourceOrder order);

/// How the case-study list is ordered.
enum class CaseOrder { Reference, Title, Status, Included };
/// The positions in @p cases of those to list for @p query (matched against reference, title and "Draft" or
/// "Reviewed"), in @p order, reversed when @p descending; @p included are the ids in the submission.
std::vector<std::size_t> arrangeCaseStudies(const std::vector<CaseStudy>& cases, std::string_view query,
                                            CaseOrder order, bool descending, const std::set<RowId>& included);

} // namespace evidence::app
