// Scaling and worst-case inputs for the scanner: printed, not asserted (times depend on the machine).
// A separate executable (label "anon perf", not "unit") because 10 MB scans take seconds in a Debug build.

#define BOOST_TEST_MODULE anon_perf
#include "anon/scanner.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <iostream>

namespace anon = evidence::anon;

namespace {

const std::string kParagraph =
    "Jade told her support worker at Riverside Academy that a man using the handle @jay_2006 had messaged her "
    "every night since March. He gave her his number, 07700 900123, and asked her to meet him at the bus station on "
    "Elm Street, Sunderland. Molly* met Gavin* through a youth organisation; after about six weeks his messages "
    "became personal and then sexual. See https://example.org/report?id=12 or write to policy@example.org.uk. "
    "In 2018/19 there were 3,171 offences (up 53%) in England, Wales and Northern Ireland; café → £5. ";

std::string repeatTo(const std::string& unit, std::size_t size)
{
    std::string out;
    out.reserve(size + unit.size());
    while (out.size() < size)
        out += unit;
    return out;
}

double secondsToScan(const std::string& text, std::size_t* count = nullptr)
{
    anon::ScanContext ctx;
    ctx.field = anon::Field::CaseStudyNarrative;
    const auto t0 = std::chrono::steady_clock::now();
    const auto findings = anon::scanText(text, ctx);
    const auto t1 = std::chrono::steady_clock::now();
    if (count)
        *count = findings.size();
    return std::chrono::duration<double>(t1 - t0).count();
}

} // namespace

BOOST_AUTO_TEST_CASE(ten_megabytes_to_one_megabyte_ratio)
{
    const std::string one = repeatTo(kParagraph, 1 << 20);
    const std::string ten = repeatTo(kParagraph, 10 << 20);
    // Best of several runs, to damp noise from other processes.
    const double s1 = std::min({secondsToScan(one), secondsToScan(one), secondsToScan(one)});
    const double s10 = std::min(secondsToScan(ten), secondsToScan(ten));
    std::cout << "scan 1 MB: " << s1 << " s; 10 MB: " << s10 << " s; ratio 10 MB / 1 MB = " << s10 / s1
              << " (linear = 10)\n";
    BOOST_TEST(s10 > 0.0);
}

BOOST_AUTO_TEST_CASE(pathological_one_megabyte_inputs)
{
    // Inputs aimed at each rule's worst case: long digit runs, separators, capitalised words, a link with
    // no end, '@' runs, hex-and-colon runs, Title-case runs, unbroken letters.
    const std::vector<std::pair<std::string, std::string>> inputs = {
        {"digits", std::string(1 << 20, '7')},
        {"digit groups", repeatTo("07700 ", 1 << 20)},
        {"spaces", std::string(1 << 20, ' ')},
        {"letters", std::string(1 << 20, 'a')},
        {"at signs", std::string(1 << 20, '@')},
        {"endless link", "https://" + std::string(1 << 20, 'x')},
        {"hex and colons", repeatTo("ab:", 1 << 20)},
        {"title case", repeatTo("Jade Smith Riverside ", 1 << 20)},
        {"school words", repeatTo("Saint Mary Of The High ", 1 << 20)},
        {"dots and digits", repeatTo("1.2.", 1 << 20)},
        {"multibyte", repeatTo("é→£", 1 << 20)},
        {"invalid utf-8", std::string(1 << 20, '\xff')},
        {"star names", repeatTo("Jade* ", 1 << 20)},
    };
    for (const auto& [name, text] : inputs) {
        std::size_t n = 0;
        const double s = secondsToScan(text, &n);
        std::cout << "scan 1 MB of " << name << ": " << s << " s, " << n << " findings\n";
    }
    BOOST_TEST(true);
}
