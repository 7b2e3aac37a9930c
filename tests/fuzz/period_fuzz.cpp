// libFuzzer entry point for the period parser: any text in, no crash or sanitizer report, and every
// period that parses survives its canonical text and its sort key unchanged.

#include "core/errors.h"
#include "core/period.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using evidence::Period;

namespace {

void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Period p = Period::calendarYear(2000);
    const bool ok = Period::tryParse(text, p);
    try {
        const Period thrown = Period::parse(text);
        check(ok && thrown == p);
    } catch (const evidence::DataError&) {
        check(!ok);
    }
    if (!ok)
        return 0;
    // parse(toString(p)) == p, and the canonical text is a fixed point.
    const std::string canonical = p.toString();
    Period again = Period::calendarYear(2000);
    check(Period::tryParse(canonical, again));
    check(again == p);
    check(again.toString() == canonical);
    // fromSortKey(sortKey(p)) == p, and sort keys order periods as the periods do.
    check(Period::fromSortKey(p.sortKey()) == p);
    const Period next = p.kind() == Period::Kind::Quarter ? Period::quarter(p.year(), p.quarterNumber())
                                                          : Period::calendarYear(p.year());
    check((p < next) == (p.sortKey() < next.sortKey()));
    check(p.quarterNumber() >= 0 && p.quarterNumber() <= 4);
    check(p.year() >= 1900 && p.year() <= 2199);
    check(p.yearsUntil(p) == 0.0);
    return 0;
}
