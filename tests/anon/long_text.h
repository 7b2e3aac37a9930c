#pragma once
// Long inputs for the scanner's speed checks (performance_test.cpp in the unit suite, perf_main.cpp in the
// perf suite): a paragraph dense with findings, repeated to a size, and the time one scan takes.

#include "anon/scanner.h"

#include <chrono>
#include <string>

namespace evidence::test {

inline const std::string kDenseParagraph =
    "Jade told her support worker at Riverside Academy that a man using the handle @jay_2006 had messaged her "
    "every night since March. He gave her his number, 07700 900123, and asked her to meet him at the bus station on "
    "Elm Street, Sunderland. Molly* met Gavin* through a youth organisation; after about six weeks his messages "
    "became personal and then sexual. See https://example.org/report?id=12 or write to policy@example.org.uk. "
    "In 2018/19 there were 3,171 offences (up 53%) in England, Wales and Northern Ireland; café → £5. ";

inline std::string repeatTo(const std::string& unit, std::size_t size)
{
    std::string out;
    out.reserve(size + unit.size());
    while (out.size() < size)
        out += unit;
    return out;
}

/// Seconds one scan of @p text as a case-study narrative takes; @p count receives the number of findings.
inline double secondsToScan(const std::string& text, std::size_t* count = nullptr)
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

} // namespace evidence::test
