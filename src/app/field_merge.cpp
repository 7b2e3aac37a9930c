#include "app/field_merge.h"

#include <algorithm>

namespace evidence::app {

namespace {
template <typename T, typename F>
void take(const T& base, const T& edited, T& current, F T::*field)
{
    if (!(edited.*field == base.*field))
        current.*field = edited.*field;
}

bool contains(const std::vector<RowId>& ids, RowId id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void takeItems(const std::vector<RowId>& base, const std::vector<RowId>& edited, std::vector<RowId>& current)
{
    for (RowId id : edited)
        if (!contains(base, id) && !contains(current, id))
            current.push_back(id);
    std::erase_if(current, [&](RowId id) { return contains(base, id) && !contains(edited, id); });
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

Source mergeEdits(const Source& base, const Source& edited, Source current)
{
    take(base, edited, current, &Source::title);
    take(base, edited, current, &Source::publisher);
    take(base, edited, current, &Source::method);
    take(base, edited, current, &Source::datePublished);
    take(base, edited, current, &Source::dateRetrieved);
    take(base, edited, current, &Source::url);
    take(base, edited, current, &Source::licence);
    take(base, edited, current, &Source::qualityNotes);
    return current;
}

Measure mergeEdits(const Measure& base, const Measure& edited, Measure current)
{
    take(base, edited, current, &Measure::name);
    take(base, edited, current, &Measure::definition);
    take(base, edited, current, &Measure::unit);
    take(base, edited, current, &Measure::population);
    return current;
}

Answer mergeEdits(const Answer& base, const Answer& edited, Answer current)
{
    take(base, edited, current, &Answer::choice);
    take(base, edited, current, &Answer::text);
    takeItems(base.citedMeasures, edited.citedMeasures, current.citedMeasures);
    takeItems(base.citedCaseStudies, edited.citedCaseStudies, current.citedCaseStudies);
    return current;
}

} // namespace evidence::app
