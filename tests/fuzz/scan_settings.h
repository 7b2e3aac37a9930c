#pragma once
// The scanner settings a fuzz input's first byte selects (anon_fuzz.cpp); the prefilter test
// (tests/anon/prefilter_test.cpp) compares its two scanning paths under the same settings.

#include "anon/scanner.h"

namespace evidence::test {

/// Bit 0: a contact field instead of a case-study narrative; bit 1: the organisation's contact
/// allow-list; bit 2: a pseudonym deny-list.
inline anon::ScanContext scanSettings(unsigned control)
{
    anon::ScanContext ctx;
    ctx.field = (control & 1u) ? anon::Field::SubmissionContact : anon::Field::CaseStudyNarrative;
    if (control & 2u)
        ctx.allowedContacts = {"policy@example.org.uk", "020 7946 0958", "https://www.example.org.uk", "@example"};
    if (control & 4u)
        ctx.pseudonymDenyList = {"Molly", "Jade"};
    return ctx;
}

} // namespace evidence::test
