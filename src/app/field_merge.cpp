#include "app/field_merge.h"

namespace evidence::app {

namespace {
template <typename T, typename F>
void take(const T& base, const T& edited, T& current, F T::*field)
{
    if (!(edited.*field == base.*field))
        current.*field = edited.*field;
}
} // namespace

Submission mergeEdits(const Submission& base, const Submission& edited, Submission current)
{
    take(base, edited, current, &Submission::consultationId);
    take(base, edited, current, &Submission::title);
    take(base, edited, current, &Submission::organisation);
    take(base, edited, current, &Submission::contactRole);
    take(base, edited, current, &Submission::contactEmail);
    take(base, edited, current, &Submission::asAt);
    take(base, edited, current, &Submission::summary);
    take(base, edited, current, &Submission::caveats);
    take(base, edited, current, &Submission::coverageThreshold);
    return current;
}

CaseStudy mergeEdits(const CaseStudy& base, const CaseStudy& edited, CaseStudy current)
{
    take(base, edited, current, &CaseStudy::reference);
    take(base, edited, current, &CaseStudy::title);
    take(base, edited, current, &CaseStudy::narrative);
    take(base, edited, current, &CaseStudy::age);
    take(base, edited, current, &CaseStudy::ageBand);
    take(base, edited, current, &CaseStudy::gender);
    take(base, edited, current, &CaseStudy::regionAreaId);
    take(base, edited, current, &CaseStudy::year);
    take(base, edited, current, &CaseStudy::harmTypes);
    take(base, edited, current, &CaseStudy::platformTypes);
    take(base, edited, current, &CaseStudy::outcome);
    take(base, edited, current, &CaseStudy::consent);
    take(base, edited, current, &CaseStudy::consentRecordedBy);
    take(base, edited, current, &CaseStudy::consentDate);
    take(base, edited, current, &CaseStudy::basis);
    take(base, edited, current, &CaseStudy::citation);
    take(base, edited, current, &CaseStudy::questionNumbers);
    return current;
}

} // namespace evidence::app
