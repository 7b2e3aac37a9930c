// Long inputs: the scanner must finish on 1 MB and 10 MB of text without crashing or going quadratic.
// Times are printed, not asserted (they depend on the machine and the build type).

#include "anon/scanner.h"

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

BOOST_AUTO_TEST_CASE(one_megabyte_of_case_study_text)
{
    const std::string text = repeatTo(kParagraph, 1 << 20);
    std::size_t n = 0;
    const double s = secondsToScan(text, &n);
    std::cout << "scan 1 MB of case-study text: " << s << " s, " << n << " findings\n";
    BOOST_TEST(n > 1000u);
}
