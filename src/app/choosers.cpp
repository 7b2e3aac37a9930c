#include "app/choosers.h"

#include "core/text.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace evidence::app {

std::string_view areaKindWord(AreaKind kind) noexcept
{
    switch (kind) {
    case AreaKind::PoliceForceArea:
        return "police force";
    case AreaKind::Region:
        return "region";
    case AreaKind::Country:
        return "country";
    case AreaKind::Aggregate:
        break;
    }
    return "aggregate area";
}

namespace {

std::unordered_map<std::string, std::size_t> nameCounts(const std::vector<Area>& areas, const std::vector<Area>& known)
{
    // Counted by id so that an area in both lists counts once.
    std::unordered_map<RowId, std::string> names;
    for (const auto* list : {&known, &areas})
        for (const Area& a : *list)
            names.emplace(a.id, text::toLowerAscii(text::trim(a.name)));
    std::unordered_map<std::string, std::size_t> counts;
    for (const auto& [id, name] : names)
        ++counts[name];
    return counts;
}

std::string labelOf(const Area& a, const std::unordered_map<std::string, std::size_t>& counts)
{
    const auto it = counts.find(text::toLowerAscii(text::trim(a.name)));
    if (it == counts.end() || it->second < 2)
        return a.name;
    return a.name + " (" + std::string(areaKindWord(a.kind)) + ")";
}

} // namespace

std::vector<std::string> areaLabels(const std::vector<Area>& areas, const std::vector<Area>& known)
{
    const auto counts = nameCounts(areas, known);
    std::vector<std::string> out;
    out.reserve(areas.size());
    for (const Area& a : areas)
        out.push_back(labelOf(a, counts));
    return out;
}

std::string areaLabel(const Area& area, const std::vector<Area>& known)
{
    return labelOf(area, nameCounts({area}, known));
}

bool matchesSearch(std::string_view label, std::string_view query)
{
    const std::string haystack = text::toLowerAscii(label);
    const std::string needles = text::toLowerAscii(query);
    std::size_t at = 0;
    while (at < needles.size()) {
        while (at < needles.size() && (needles[at] == ' ' || needles[at] == '\t'))
            ++at;
        std::size_t end = at;
        while (end < needles.size() && needles[end] != ' ' && needles[end] != '\t')
            ++end;
        if (end > at && haystack.find(std::string_view(needles).substr(at, end - at)) == std::string::npos)
            return false;
        at = end;
    }
    return true;
}

std::vector<std::size_t> searchMatches(const std::vector<std::string>& labels, std::string_view query)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (matchesSearch(labels[i], query))
            out.push_back(i);
    return out;
}

namespace {

/// The value of a cell that starts with a figure ("1,493", "-12.5%", "+3", "82 [p]"), else nothing.
std::optional<double> cellFigure(std::string_view cell)
{
    std::string digits;
    std::size_t i = 0;
    cell = text::trim(cell);
    if (i < cell.size() && (cell[i] == '-' || cell[i] == '+' || cell[i] == '\xe2')) {
        // U+2212 minus sign (e2 88 92) as well as a hyphen
        if (cell[i] == '\xe2') {
            if (cell.substr(0, 3) != "\u2212")
                return std::nullopt;
            digits += '-';
            i += 3;
        } else {
            digits += cell[i] == '-' ? "-" : "";
            ++i;
        }
    }
    bool any = false;
    for (; i < cell.size(); ++i) {
        const char c = cell[i];
        if (c >= '0' && c <= '9') {
            digits += c;
            any = true;
        } else if (c == '.') {
            digits += c;
        } else if (c != ',') {
            break;
        }
    }
    if (!any)
        return std::nullopt;
    try {
        return std::stod(digits);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

/// Case-insensitive order of two texts (ASCII letters folded), for sorting names as people read them.
bool lessFolded(const std::string& a, const std::string& b)
{
    return text::toLowerAscii(a) < text::toLowerAscii(b);
}

} // namespace

int compareCells(std::string_view a, std::string_view b)
{
    const auto x = cellFigure(a), y = cellFigure(b);
    if (x && y)
        return *x < *y ? -1 : (*y < *x ? 1 : 0);
    if (x || y)
        return x ? -1 : 1;
    return text::toLowerAscii(a).compare(text::toLowerAscii(b));
}

std::vector<std::size_t> arrangeSources(const std::vector<Source>& sources, std::string_view query, SourceOrder order)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const Source& s = sources[i];
        if (matchesSearch(s.title + "\n" + s.publisher + "\n" + s.url, query))
            out.push_back(i);
    }
    auto key = [&](std::size_t i) -> const std::string& {
        switch (order) {
        case SourceOrder::Publisher:
            return sources[i].publisher;
        case SourceOrder::Published:
            return sources[i].datePublished;
        default:
            return sources[i].title;
        }
    };
    if (order != SourceOrder::Added)
        std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
            // Sources without the field go last, whichever way it sorts.
            if (key(a).empty() != key(b).empty())
                return key(b).empty();
            return lessFolded(key(a), key(b));
        });
    return out;
}

std::vector<std::size_t> arrangeCaseStudies(const std::vector<CaseStudy>& cases, std::string_view query,
                                            CaseOrder order, bool descending, const std::set<RowId>& included)
{
    auto status = [&](std::size_t i) { return cases[i].review == ReviewState::Reviewed ? "Reviewed" : "Draft"; };
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < cases.size(); ++i)
        if (matchesSearch(cases[i].reference + "\n" + cases[i].title + "\n" + status(i), query))
            out.push_back(i);
    auto compareFolded = [](const std::string& a, const std::string& b) {
        return text::toLowerAscii(a).compare(text::toLowerAscii(b));
    };
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
        int primary = 0;
        switch (order) {
        case CaseOrder::Title:
            primary = compareFolded(cases[a].title, cases[b].title);
            break;
        case CaseOrder::Status:
            primary = std::string_view(status(a)).compare(status(b));
            break;
        case CaseOrder::Included:
            primary = static_cast<int>(included.count(cases[b].id)) - static_cast<int>(included.count(cases[a].id));
            break;
        case CaseOrder::Reference:
            break;
        }
        // Ties in reference order, so that a sorted list stays predictable.
        return primary != 0 ? primary < 0 : lessFolded(cases[a].reference, cases[b].reference);
    });
    if (descending)
        std::reverse(out.begin(), out.end());
    return out;
}

} // namespace evidence::app
