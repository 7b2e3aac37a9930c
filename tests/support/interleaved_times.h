#pragma once
// Timing a long run against a short one on a machine whose speed drifts (other virtual machines on the host).

#include <algorithm>
#include <functional>
#include <vector>

namespace evidence::test {

/// The times of interleaved runs: each long run is timed between two short ones, and its time is divided by
/// the mean of theirs, because runs that are neighbours in time share the machine's speed. (The fastest of
/// several runs of each size, used before, gave 10.4 to 13.8 for the same 10 MB / 1 MB scan; this, 10.1 to 10.4.)
struct InterleavedTimes
{
    std::vector<double> ratios;     ///< each long time over the mean of the two short times beside it
    std::vector<double> shortTimes; ///< every short run's time, two a triple
    std::vector<double> longTimes;  ///< every long run's time
};

/// Runs @p triples triples of (short, long, short), each function returning the seconds its run took.
inline InterleavedTimes timeInterleaved(int triples, const std::function<double()>& timeShort,
                                        const std::function<double()>& timeLong)
{
    InterleavedTimes t;
    for (int i = 0; i < triples; ++i) {
        const double before = timeShort();
        const double whole = timeLong();
        const double after = timeShort();
        t.ratios.push_back(whole / ((before + after) / 2));
        t.shortTimes.push_back(before);
        t.shortTimes.push_back(after);
        t.longTimes.push_back(whole);
    }
    return t;
}

/// The middle value of @p v (the upper one of the two middle values when there is an even number).
inline double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

} // namespace evidence::test
