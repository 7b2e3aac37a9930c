// The guard on case-study narratives it was not written against: tests/anon/corpus_dev.tsv (used while
// changing the rules) and tests/anon/corpus_heldout.tsv (never used to design a rule; only scored).
//
// Format (TAB-separated, '#' starts a comment line): id, expected kind code ("none" for anonymised text),
// category, the identifying detail (exact text in the narrative), the narrative.
// A detail is found when findings (of any kind, at any severity) cover each of its letters and digits: a
// church school found as "St Mary's" alone leaves the rest of its name, so it is not found. It is blocked
// when a BLOCK finding overlaps it. Every finding on a negative, and every finding on a positive that does
// not overlap its detail, is a false finding.
//
// Figures before the second rule set (src/anon/README.md), for the record:
//   dev      124 narratives (77 positives): detection 31.2% (24), block 19.5% (15), false BLOCK 1, false WARN 21
//   held-out  61 narratives (38 positives): detection 26.3% (10), block 15.8% (6), false BLOCK 4, false WARN 7
// The held-out set's categories and misses are printed only with EVIDENCE_ANON_SHOW_HELDOUT=1, so that rules are not
// tuned on them.

#include "anon/scanner.h"
#include "support/temp_dir.h"
#include "tsv_lines.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace anon = evidence::anon;

namespace {

struct Narrative
{
    int line = 0;
    std::string id;
    std::string kind; // "none" for a negative
    std::string category;
    std::string detail;
    std::string text;
};

std::vector<Narrative> load(const std::string& name)
{
    const auto path = std::filesystem::path(EVIDENCE_SOURCE_DIR "/tests/anon") / name;
    std::vector<Narrative> out;
    for (const auto& [n, f] : evidence::test::readTsvLines(path)) {
        BOOST_REQUIRE_MESSAGE(f.size() == 5, name << ":" << n << ": expected 5 fields, got " << f.size());
        Narrative r{n, f[0], f[1], f[2], f[3], f[4]};
        if (r.kind != "none") {
            BOOST_REQUIRE_MESSAGE(r.text.find(r.detail) != std::string::npos,
                                  name << ":" << n << ": detail not in the narrative");
        }
        out.push_back(std::move(r));
    }
    return out;
}

struct Figures
{
    int narratives = 0;
    int positives = 0;
    int found = 0;
    int blocked = 0;
    int falseBlock = 0;
    int falseWarn = 0;
    std::map<std::string, std::pair<int, int>> byCategory; // found, total
    std::ostringstream misses;

    double pct(int n) const { return positives == 0 ? 100.0 : 100.0 * n / positives; }
};

bool isAlnumByte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

Figures score(const std::vector<Narrative>& rows)
{
    Figures fig;
    for (const auto& r : rows) {
        ++fig.narratives;
        anon::ScanContext ctx;
        ctx.field = anon::Field::CaseStudyNarrative;
        const auto findings = anon::scanText(r.text, ctx);
        const bool positive = r.kind != "none";
        const std::size_t db = positive ? r.text.find(r.detail) : 0;
        const std::size_t de = positive ? db + r.detail.size() : 0;
        std::vector<bool> covered(r.detail.size(), false);
        bool blocked = false;
        for (const auto& f : findings) {
            const bool overlaps = positive && f.byteBegin < de && f.byteEnd > db;
            if (overlaps) {
                for (std::size_t i = std::max(f.byteBegin, db); i < std::min(f.byteEnd, de); ++i)
                    covered[i - db] = true;
                blocked = blocked || f.severity == anon::Severity::Block;
                continue;
            }
            (f.severity == anon::Severity::Block ? fig.falseBlock : fig.falseWarn)++;
            fig.misses << "  false " << anon::severityName(f.severity) << " " << r.id << " '" << f.matched << "' ("
                       << f.rule << ") in: " << r.text << "\n";
        }
        if (!positive)
            continue;
        ++fig.positives;
        bool found = true;
        for (std::size_t i = 0; i < r.detail.size(); ++i)
            found = found && (covered[i] || !isAlnumByte(r.detail[i]));
        auto& cat = fig.byCategory[r.category];
        ++cat.second;
        if (found) {
            ++fig.found;
            ++cat.first;
            fig.blocked += blocked ? 1 : 0;
        } else {
            fig.misses << "  missed " << r.id << " " << r.category << " '" << r.detail << "' in: " << r.text << "\n";
        }
    }
    return fig;
}

void print(const std::string& name, const Figures& fig, bool showMisses)
{
    std::cout << std::fixed << std::setprecision(1) << "\n"
              << name << ": " << fig.narratives << " narratives, " << fig.positives << " positives; detection "
              << fig.pct(fig.found) << "% (" << fig.found << "), block " << fig.pct(fig.blocked) << "% (" << fig.blocked
              << "), false BLOCK " << fig.falseBlock << ", false WARN " << fig.falseWarn << "\n";
    if (!showMisses)
        return;
    for (const auto& [cat, n] : fig.byCategory)
        std::cout << "  " << std::left << std::setw(18) << cat << std::right << n.first << "/" << n.second << "\n";
    std::cout << fig.misses.str();
}

} // namespace

BOOST_AUTO_TEST_CASE(unseen_narratives_detection_and_false_findings)
{
    const auto dev = load("corpus_dev.tsv");
    const auto held = load("corpus_heldout.tsv");
    BOOST_TEST(dev.size() + held.size() >= 150u);

    const auto devFig = score(dev);
    const auto heldFig = score(held);
    print("development set", devFig, true);
    print("held-out set", heldFig, std::getenv("EVIDENCE_ANON_SHOW_HELDOUT") != nullptr);

    BOOST_TEST(heldFig.positives * 10 >= heldFig.narratives * 6);
    BOOST_TEST(heldFig.pct(heldFig.found) >= 95.0);
    BOOST_TEST(heldFig.falseBlock == 0);
    BOOST_TEST(devFig.pct(devFig.found) >= 95.0);
    BOOST_TEST(devFig.falseBlock == 0);
}

// tests/anon/corpus_heldout2.tsv was written after the second rule set was settled and scored once
// before anything else changed; no rule was changed for it. Its misses are printed: they are what the
// guard still cannot find, not a list to tune against.
BOOST_AUTO_TEST_CASE(second_held_out_set)
{
    const auto held = load("corpus_heldout2.tsv");
    const auto fig = score(held);
    print("second held-out set", fig, true);
    BOOST_TEST(held.size() >= 30u);
    BOOST_TEST(fig.positives * 10 >= fig.narratives * 5);
    BOOST_TEST(fig.falseBlock == 0);
}

// tests/anon/corpus_heldout3.tsv was written by a reviewer trying to get details past the guard, in forms the
// other sets do not use. Its figures are printed and stated in the README as they are; only false BLOCKs fail:
// raising its detection means finding the kinds it names, not the examples.
BOOST_AUTO_TEST_CASE(third_held_out_set)
{
    const auto held = load("corpus_heldout3.tsv");
    const auto fig = score(held);
    print("third held-out set", fig, true);
    BOOST_TEST(held.size() >= 100u);
    BOOST_TEST(fig.falseBlock == 0);
}

// A suggestion goes into messages that end up in logs ("change the text (...)"), so it must never quote
// the matched detail: it once read "If "Jade" is already a changed name, mark it ... Jade*", and a date's
// read "Generalise the date to the month and year ("March 2012")". The GUI shows the match on its own.
BOOST_AUTO_TEST_CASE(suggestions_never_quote_the_matched_detail)
{
    auto all = load("corpus_dev.tsv");
    for (auto& r : load("corpus_heldout.tsv"))
        all.push_back(std::move(r));
    // A place's suggestion names its region, which may share a word with the place ("North Shields").
    const std::vector<std::string> regionWords = {"North",     "South",    "East",     "West",    "London",
                                                  "Wales",     "Scotland", "Northern", "Ireland", "Midlands",
                                                  "Yorkshire", "Humber",   "England"};
    anon::ScanContext ctx;
    ctx.field = anon::Field::CaseStudyNarrative;
    std::size_t checked = 0;
    for (const auto& r : all) {
        for (const auto& f : anon::scanText(r.text, ctx)) {
            ++checked;
            std::string lowerSuggestion = f.suggestion, lowerMatched = f.matched;
            for (auto* s : {&lowerSuggestion, &lowerMatched})
                for (auto& c : *s)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            BOOST_TEST(lowerSuggestion.find(lowerMatched) == std::string::npos, r.id << ": " << f.suggestion);
            // Each capitalised word or number of the match, as a word of its own.
            std::size_t i = 0;
            while (i < f.matched.size()) {
                std::size_t j = i;
                while (j < f.matched.size() && std::isalnum(static_cast<unsigned char>(f.matched[j])))
                    ++j;
                const std::string word = f.matched.substr(i, j - i);
                i = j == i ? i + 1 : j;
                if (word.size() < 2 || (!std::isupper(static_cast<unsigned char>(word[0])) &&
                                        !std::isdigit(static_cast<unsigned char>(word[0]))))
                    continue;
                if (f.kind == anon::FindingKind::Place &&
                    std::find(regionWords.begin(), regionWords.end(), word) != regionWords.end())
                    continue;
                for (std::size_t at = f.suggestion.find(word); at != std::string::npos;
                     at = f.suggestion.find(word, at + 1)) {
                    const bool startsWord = at == 0 || !std::isalnum(static_cast<unsigned char>(f.suggestion[at - 1]));
                    const std::size_t after = at + word.size();
                    const bool endsWord =
                        after == f.suggestion.size() || !std::isalnum(static_cast<unsigned char>(f.suggestion[after]));
                    BOOST_TEST(!(startsWord && endsWord), r.id << ": '" << word << "' in: " << f.suggestion);
                }
            }
        }
    }
    BOOST_TEST(checked > 100u);
}
