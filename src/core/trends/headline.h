#pragma once
/// @file headline.h
/// @brief Plain-English sentences a policy officer can paste, which never overstate.
///
/// Rules: the exact rounded figures come first; an approximate phrase only when it is true ("almost" only
/// below the round figure, "more than" only above it, "doubled" only within ±5% of twice, "halved" only within
/// ±5% of half); falls and no change are worded as such; the coverage caveat is appended when
/// coverage is incomplete ("based on 40 of 44 forces").

#include "core/trends/series.h"
#include "core/trends/totals.h"

#include <optional>
#include <string>
#include <string_view>

namespace evidence::trends {

/// What a headline is about.
struct HeadlineContext
{
    std::string subject;                ///< what is counted, e.g. "Recorded offences"
    std::string areaName;               ///< e.g. "Dorset"; empty leaves out "in ..."
    bool pluralSubject = true;          ///< "were unchanged" (offences) or "was unchanged" (the number of ...)
    std::optional<Coverage> coverage{}; ///< appended as ", based on 40 of 44 forces" when incomplete
    /// Like-for-like totals: the share of the areas in scope below which no change is stated.
    double coverageThreshold = kDefaultCoverageThreshold;
    /// Whose figure it is, for a published total: appended as ", as published by NSPCC". Empty: nothing.
    std::string attribution{};
};

/// The headline of one series, e.g. "Recorded offences in Dorset rose from 28 in 2015/16 to 82 in 2018/19,
/// an increase of 193% (almost three times as many)." Always returns a sentence, also when the change is not
/// computable (it then says why).
std::string headline(const SeriesFigures& figures, const HeadlineContext& context);

/// The headline of the like-for-like change of @p totals, named by what it covers ("... in the 30 of 44
/// forces in England, Wales and Northern Ireland with figures for both 2015/16 and 2018/19 rose ..."), never
/// as the whole area. Below the coverage threshold of @p context it states no change, only why.
std::string headline(const TotalsResult& totals, HeadlineContext context);

/// A percentage magnitude for a sentence: whole numbers ("193%"), with as many decimals as needed (up to 3)
/// so that a figure that is not exactly a multiple of 100 never reads as one ("99.6%", not "100%"; "0.4%", not
/// "0%"). Thousands commas above 999.
/// @param percent a finite percentage (192.857 for +192.857%); the sign is ignored
std::string percentForSentence(double percent);

/// The approximate phrase for a fold change, or an empty string when none is both true and useful:
/// "doubled", "almost doubled", "more than doubled" (1.9 to 2.1 times), "almost three times as many",
/// "three times as many", "more than three times as many" (within 5% of a whole number from 3 up),
/// "more than twice as many" and "more than N times as many" otherwise from 2.1; "halved", "almost halved",
/// "more than halved" (within 5% of half). Exact round figures only when the fold is exact.
/// @param comparative the words after "N times": "as many" for counts, "as high" for rates
std::string approximatePhrase(double fold, std::string_view comparative = "as many");

} // namespace evidence::trends
