// anon_linearity: the scanner's work must grow linearly with the text (a rule that searches the whole text
// again for each match makes it quadratic). Two ways to measure it, each failing beyond its bound:
//
//   anon_linearity            processor time of 10 MB against 1 MB of the benchmark's narratives; exits 1 when
//                             the ratio is over 15. Linear is 10, but 10 MB does not fit in the processor's
//                             caches where 1 MB does: an unchanged linear scanner measured 12 to 14 here on
//                             6 December 2026, and one quadratic step (a search of the whole text every 4,096
//                             words) 59. A benchmark: it moves with the machine's load, so CTest runs the next.
//   anon_linearity scan MB    one scan of MB megabytes in measuredScan(), for callgrind's instruction count
//                             (tests/anon/instructions.sh, bound 10.5; CTest's anon_linearity_instructions),
//                             which depends neither on the machine's load nor on its caches.
//
// Processor time, not wall time: other processes on the machine move the wall clock far more. Each 10 MB scan
// is timed between two 1 MB scans and the figure is the median of these ratios, since the machine's speed
// drifts from second to second and neighbours in time share it.

#include "../support/interleaved_times.h"
#include "long_text.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string_view>
#include <vector>

using namespace evidence;
using namespace evidence::test;

namespace {

constexpr double kBound = 15.0;
constexpr std::size_t kMegabyte = 1000000;

double threadSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::size_t scanOnce(const std::string& text)
{
    anon::ScanContext ctx;
    ctx.field = anon::Field::CaseStudyNarrative;
    return anon::scanText(text, ctx).size();
}

// Named for callgrind's --toggle-collect: only the instructions of this call are counted.
[[gnu::noinline]] std::size_t measuredScan(const std::string& text)
{
    return scanOnce(text);
}

int check()
{
    const std::string one = benchmarkNarrative(kMegabyte);
    const std::string ten = benchmarkNarrative(10 * kMegabyte);
    (void)scanOnce(one); // loads the word lists, which is no part of a scan
    const auto time = [](const std::string& text) {
        const double start = threadSeconds();
        (void)scanOnce(text);
        return threadSeconds() - start;
    };
    const auto [ratios, t1, t10] = test::timeInterleaved(
        15, [&] { return time(one); }, [&] { return time(ten); });
    const double ratio = medianOf(ratios);
    std::cout << "scan of the benchmark's narratives, processor time (medians): 1 MB " << medianOf(t1) << " s ("
              << 1.0 / medianOf(t1) << " MB/s), 10 MB " << medianOf(t10) << " s\n"
              << "10 MB / 1 MB: " << ratio << " (median of " << ratios.size() << " runs, "
              << *std::min_element(ratios.begin(), ratios.end()) << " to "
              << *std::max_element(ratios.begin(), ratios.end()) << "; linear is 10, bound " << kBound << ")\n";
    if (ratio > kBound) {
        std::cout << "FAIL: the scan's time grows faster than the text\n";
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 1)
        return check();
    const std::string_view mode = argv[1];
    int megabytes = 0;
    if (mode != "scan" || argc != 3 ||
        std::from_chars(argv[2], argv[2] + std::string_view(argv[2]).size(), megabytes).ec != std::errc() ||
        megabytes < 1) {
        std::cerr << "usage: anon_linearity [scan MEGABYTES]\n";
        return 2;
    }
    const std::string text = benchmarkNarrative(static_cast<std::size_t>(megabytes) * kMegabyte);
    (void)scanOnce(text.substr(0, 1000));
    const double start = threadSeconds();
    const std::size_t findings = measuredScan(text);
    const double seconds = threadSeconds() - start;
    std::cout << "scanned " << text.size() << " bytes, " << findings << " findings, " << seconds
              << " s processor time (" << static_cast<double>(text.size()) / 1e6 / seconds << " MB/s)\n";
    return 0;
}
