// Labelled corpus in tests/data/anon/<kind>.tsv: per kind, precision and recall of the scanner.
//
// Format (TAB-separated, '#' starts a comment line): kind, expect ("match" | "nomatch"), text,
// expected matched text (match rows), expected severity (optional, BLOCK | WARN).
// A match row counts as a true positive when a finding of that kind has exactly the expected text (and the
// expected severity, if given); otherwise a false negative. Any other finding of that kind in the row is a
// false positive, as is any finding of that kind in a nomatch row.

#include "anon/scanner.h"
#include "support/temp_dir.h"
#include "tsv_lines.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace anon = evidence::anon;

namespace {

struct Row
{
    std::string file;
    int line = 0;
    anon::FindingKind kind{};
    bool match = false;
    std::string text;
    std::string expected;
    std::string severity;
};

std::filesystem::path corpusDir()
{
    if (const char* dir = std::getenv("EVIDENCE_ANON_CORPUS"))
        return dir;
    return EVIDENCE_SOURCE_DIR "/tests/data/anon";
}

std::vector<Row> loadCorpus()
{
    std::vector<Row> rows;
    for (const auto kind : anon::allKinds()) {
        const std::string file = std::string(anon::kindCode(kind)) + ".tsv";
        const auto path = corpusDir() / file;
        BOOST_REQUIRE_MESSAGE(std::filesystem::exists(path), "missing corpus file " << path);
        for (const auto& [n, f] : evidence::test::readTsvLines(path)) {
            BOOST_REQUIRE_MESSAGE(f.size() >= 3, file << ":" << n << ": expected at least 3 fields");
            Row r;
            r.file = file;
            r.line = n;
            r.kind = anon::parseKindCode(f[0]);
            BOOST_REQUIRE_MESSAGE(r.kind == kind, file << ":" << n << ": kind " << f[0] << " in the wrong file");
            BOOST_REQUIRE_MESSAGE(f[1] == "match" || f[1] == "nomatch", file << ":" << n << ": bad expect " << f[1]);
            r.match = f[1] == "match";
            r.text = f[2];
            r.expected = f.size() > 3 ? f[3] : "";
            r.severity = f.size() > 4 ? f[4] : "";
            if (r.match)
                BOOST_REQUIRE_MESSAGE(!r.expected.empty(), file << ":" << n << ": match row without matched text");
            rows.push_back(std::move(r));
        }
    }
    return rows;
}

struct Score
{
    int matchRows = 0;
    int noMatchRows = 0;
    int tp = 0;
    int fn = 0;
    int fp = 0;
    double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
    double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
};

/// Kinds whose findings are BLOCK by default (the recall floor of 0.95 applies to them).
bool blockKind(anon::FindingKind k)
{
    using K = anon::FindingKind;
    return k == K::Email || k == K::Phone || k == K::Postcode || k == K::SocialProfileUrl || k == K::SocialHandle ||
           k == K::IpAddress || k == K::PaymentCard || k == K::NhsNumber || k == K::NiNumber ||
           k == K::VehicleRegistration || k == K::School;
}

} // namespace

BOOST_AUTO_TEST_CASE(labelled_corpus_precision_and_recall)
{
    const auto rows = loadCorpus();
    std::map<anon::FindingKind, Score> scores;
    std::ostringstream misses;
    for (const auto& r : rows) {
        anon::ScanContext ctx;
        ctx.field = anon::Field::CaseStudyNarrative;
        const auto findings = anon::scanText(r.text, ctx);
        auto& s = scores[r.kind];
        (r.match ? s.matchRows : s.noMatchRows)++;
        bool hit = false;
        for (const auto& f : findings) {
            if (f.kind != r.kind)
                continue;
            const bool sameText = r.match && !hit && f.matched == r.expected;
            const bool sameSeverity = r.severity.empty() || anon::severityName(f.severity) == r.severity;
            if (sameText && sameSeverity) {
                hit = true;
                continue;
            }
            ++s.fp;
            misses << "  FP " << r.file << ":" << r.line << " '" << f.matched << "' " << anon::severityName(f.severity)
                   << " (" << f.rule << ") in: " << r.text << "\n";
        }
        if (r.match) {
            if (hit) {
                ++s.tp;
            } else {
                ++s.fn;
                misses << "  FN " << r.file << ":" << r.line << " expected '" << r.expected << "' " << r.severity
                       << " in: " << r.text << "\n";
            }
        }
    }

    std::ostringstream table;
    table << std::fixed << std::setprecision(3);
    table << "\nkind                  sev    match nomatch   TP  FN  FP  precision  recall\n";
    for (const auto kind : anon::allKinds()) {
        const auto& s = scores[kind];
        table << std::left << std::setw(22) << anon::kindCode(kind) << std::setw(7)
              << (blockKind(kind) ? "BLOCK" : "WARN") << std::right << std::setw(5) << s.matchRows << std::setw(8)
              << s.noMatchRows << std::setw(5) << s.tp << std::setw(4) << s.fn << std::setw(4) << s.fp << std::setw(11)
              << s.precision() << std::setw(8) << s.recall() << "\n";
    }
    std::cout << table.str();
    if (!misses.str().empty())
        std::cout << "Misclassified rows:\n" << misses.str();

    for (const auto kind : anon::allKinds()) {
        const auto& s = scores[kind];
        BOOST_TEST_CONTEXT("kind " << anon::kindCode(kind))
        {
            BOOST_TEST(s.matchRows >= 40);
            BOOST_TEST(s.noMatchRows >= 40);
            BOOST_TEST(s.recall() >= (blockKind(kind) ? 0.95 : 0.90));
            BOOST_TEST(s.precision() >= 0.90);
        }
    }
}
