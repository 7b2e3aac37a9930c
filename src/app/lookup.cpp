#include "app/lookup.h"

#include "core/errors.h"
#include "core/text.h"

namespace evidence::app {

Measure findMeasure(const db::Store& store, std::string_view nameOrUuid)
{
    if (auto m = store.measureByName(nameOrUuid))
        return *m;
    std::vector<std::string> names;
    for (const auto& m : store.measures()) {
        if (m.uuid == text::trim(nameOrUuid))
            return m;
        names.push_back("'" + m.name + "'");
    }
    throw NotFoundError(
        "no measure is named '" + text::quoteForMessage(nameOrUuid) + "'" +
        (names.empty() ? ": the store has no measures yet" : "; the store has " + text::join(names, ", ")));
}

Area findArea(const db::Store& store, std::string_view codeOrName)
{
    auto found = store.areasByCode(codeOrName);
    if (found.empty())
        found = store.areasByName(codeOrName);
    if (found.empty())
        for (const auto& a : store.areas())
            if (a.uuid == text::trim(codeOrName))
                found.push_back(a);
    if (found.empty())
        throw NotFoundError("no area has the code or name '" + text::quoteForMessage(codeOrName) +
                            "' (list them with: evidence-cli list STORE areas)");
    if (found.size() > 1) {
        std::vector<std::string> names;
        for (const auto& a : found)
            names.push_back(std::string(areaKindLabel(a.kind)) + " " + areaLabel(a));
        throw DataError("'" + text::quoteForMessage(codeOrName) + "' matches " + std::to_string(found.size()) +
                        " areas (" + text::join(names, ", ") + "): use the other of code and name to choose one");
    }
    return found.front();
}

Submission findSubmission(const db::Store& store, RowId submissionId)
{
    if (submissionId) {
        if (auto s = store.submission(submissionId))
            return *s;
        throw NotFoundError("there is no submission " + std::to_string(submissionId) +
                            " (list them with: evidence-cli list STORE submissions)");
    }
    const auto all = store.submissions();
    if (all.empty())
        throw NotFoundError("the store has no submission yet");
    if (all.size() > 1)
        throw DataError("the store holds " + std::to_string(all.size()) +
                        " submissions: choose one with --submission ID (list them with: evidence-cli list STORE "
                        "submissions)");
    return all.front();
}

std::string areaLabel(const Area& area)
{
    return area.code.empty() ? area.name : area.name + " (" + area.code + ")";
}

RowId ensureSubmission(db::Store& store, std::string title, std::string organisation)
{
    if (!store.submissions().empty())
        return 0;
    const auto consultations = store.consultations();
    if (consultations.empty())
        return 0;
    Submission s;
    s.consultationId = consultations.front().id;
    s.title = title.empty() ? "Response to " + consultations.front().title : std::move(title);
    s.organisation = std::move(organisation);
    return store.insert(s);
}

} // namespace evidence::app
