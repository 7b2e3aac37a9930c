#pragma once
// Long inputs for the scanner's speed checks (performance_test.cpp in the unit suite, perf_main.cpp in the
// perf suite): a paragraph dense with findings, repeated to a size, and the time one scan takes.

#include "anon/scanner.h"

#include <chrono>
#include <iterator>
#include <random>
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

/// The sentences of the benchmark's anonymised case studies (tests/bench/bench.cpp): plain prose, as most
/// narratives are, with none of the details the scanner reports.
inline const char* const kBenchmarkSentences[] = {
    "The child was contacted online by an adult who asked for images.",
    "She told a teacher after several weeks of messages.",
    "The adult moved the conversation to a private app.",
    "A support worker helped her report the account to the platform.",
    "The platform removed the account after the report.",
    "The police were told and a safeguarding referral was made.",
    "He stopped going to school for a while and his parents asked for help.",
    "The messages became sexual after a few days.",
    "She was frightened to tell anyone because the adult threatened to share the images.",
    "The school's safeguarding lead worked with the family and the police.",
    "A counsellor supported him over the following months.",
    "The case was passed to the police, who charged the adult.",
};

/// @p size bytes of the benchmark's sentences in a fixed pseudo-random order (the same text on every run).
inline std::string benchmarkNarrative(std::size_t size)
{
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(kBenchmarkSentences) - 1);
    std::string out;
    out.reserve(size + 100);
    while (out.size() < size) {
        if (!out.empty())
            out += ' ';
        out += kBenchmarkSentences[pick(rng)];
    }
    out.resize(size);
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
