// libFuzzer entry point for the PII scanner: any bytes in, no crash, no sanitizer report, and the
// invariants of the findings hold (spans inside the text, matched text equals the span, code-point
// offsets agree with an independent count, sorted, no span inside another, fixes apply cleanly).

#include "anon/scanner.h"
#include "scan_settings.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace anon = evidence::anon;

namespace {

void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

/// Code points before byte @p pos, counting an invalid byte as one (independent of the scanner's code).
std::size_t codePointsBefore(std::string_view s, std::size_t pos)
{
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < pos) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 1;
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        bool valid = len > 1 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(s[i + k]) & 0xC0u) == 0x80u;
        if (valid && len == 3) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            valid = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
        }
        if (valid && len == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            valid = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
        }
        i += valid ? len : 1;
        ++n;
    }
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    // First byte: the field, and whether to use the contact allow-list and a deny-list.
    const std::uint8_t control = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const anon::ScanContext ctx = evidence::test::scanSettings(control);

    const auto findings = anon::scanText(text, ctx);
    std::size_t prevBegin = 0;
    std::size_t maxEnd = 0;
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        check(f.byteBegin < f.byteEnd && f.byteEnd <= text.size());
        check(f.matched == text.substr(f.byteBegin, f.byteEnd - f.byteBegin));
        check(f.charBegin == codePointsBefore(text, f.byteBegin));
        check(f.charEnd == codePointsBefore(text, f.byteEnd));
        check(f.field == ctx.field);
        check(!f.rule.empty() && !f.replacement.empty() && !f.suggestion.empty());
        check(i == 0 || f.byteBegin >= prevBegin);
        if (i > 0)
            check(f.byteEnd > maxEnd); // not inside an earlier span
        prevBegin = f.byteBegin;
        maxEnd = std::max(maxEnd, f.byteEnd);
        check(f.fingerprint().starts_with(std::string(anon::kindCode(f.kind)) + "|"));
    }
    const std::string fixed = anon::applyFixes(text, findings);
    (void)anon::scanText(fixed, ctx);
    return 0;
}
