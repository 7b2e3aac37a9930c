#include "build_context.h"

namespace evidence::xlsx {

std::optional<std::size_t> Builder::periodIndex(const MeasureSection& sec, const Period& p) const
{
    for (std::size_t i = 0; i < sec.periods.size(); ++i)
        if (sec.periods[i] == p)
            return i;
    return std::nullopt;
}

/// Each figure's round of requests and the date it is correct at ("2015/16: June 2019 round, as at June
/// 2019"), said once when every figure of the row shares them; "[x]" when nothing is known.
std::string Builder::provenanceText(RowId areaId, const std::vector<Period>& periods,
                                    const std::map<std::pair<RowId, std::int64_t>, const Observation*>& totals) const
{
    std::vector<std::pair<std::string, std::string>> parts; // (period, round and date)
    for (const auto& period : periods) {
        const auto o = totals.find({areaId, period.sortKey()});
        if (o == totals.end())
            continue;
        const Observation& obs = *o->second;
        std::string asAt = obs.asAt;
        if (asAt.empty())
            for (const auto& src : m_model.sources)
                if (src.id == obs.sourceId)
                    asAt = figureAsAt(obs, src);
        std::vector<std::string> what;
        if (!obs.round.empty())
            what.push_back(obs.round);
        if (!asAt.empty())
            what.push_back("as at " + readableDate(asAt));
        parts.emplace_back(period.label(), what.empty() ? std::string("[x]") : text::join(what, ", "));
    }
    if (parts.empty())
        return "[x]";
    const bool same =
        std::all_of(parts.begin(), parts.end(), [&](const auto& p) { return p.second == parts.front().second; });
    if (same)
        return parts.front().second;
    std::vector<std::string> each;
    for (const auto& [period, what] : parts)
        each.push_back(period + ": " + what);
    return text::join(each, "; ");
}

bool Builder::isSuppressed(const trends::SeriesPoint* p)
{
    return p && !p->value.computable() && p->value.code() == trends::code::kSuppressed;
}

/// The total observations of @p sec by (area, period), built once: looking each cell up in the list of
/// observations made a large statistics table quadratic.
std::map<std::pair<RowId, std::int64_t>, const Observation*> Builder::totalObservations(const MeasureSection& sec)
{
    std::map<std::pair<RowId, std::int64_t>, const Observation*> out;
    for (const auto& o : sec.observations)
        if (o.isTotal())
            out.emplace(std::make_pair(o.areaId, o.period.sortKey()), &o);
    return out;
}

std::vector<std::string> Builder::sourceTitles(const MeasureSection& sec) const
{
    std::map<RowId, const std::string*> titleOf;
    for (const auto& s : m_model.sources)
        titleOf.emplace(s.id, &s.title);
    std::vector<std::string> out;
    for (const RowId sourceId : sec.sourceIds) {
        // Two sources with one title are named once.
        if (const auto it = titleOf.find(sourceId);
            it != titleOf.end() && std::find(out.begin(), out.end(), *it->second) == out.end())
            out.push_back(*it->second);
    }
    return out;
}

std::string Builder::periodSpan(const MeasureSection& sec) const
{
    if (sec.periods.empty())
        return {};
    return sec.periods.front().label() + (sec.periods.size() > 1 ? " to " + sec.periods.back().label() : std::string());
}

void Builder::buildStatistics(std::size_t mi)
{
    const MeasureSection& sec = m_model.measures[mi];
    const std::size_t si = m_stats[mi];
    Table t;
    t.name = tableName(si, "Figures_by_area");
    t.columns = {{"Area", ColumnType::Text}, {"Area code", ColumnType::Text}, {"Type of area", ColumnType::Text}};
    const ColumnType valueType = unitColumn(sec.measure.unit);
    for (const auto& p : sec.periods)
        t.columns.push_back({p.label(), valueType});
    bool qualifiers = false;
    for (const auto& s : sec.series)
        for (const auto& p : s.figures.points)
            qualifiers = qualifiers || !p.markers.qualifiers().empty();
    if (qualifiers)
        t.columns.push_back({"Qualifiers", ColumnType::Text, "the row's figures have no qualifier"});
    t.columns.push_back({"Source and date published", ColumnType::LongText});
    t.columns.push_back({"Round and as-at date of each figure", ColumnType::LongText});
    t.columns.push_back({"Notes", ColumnType::LongText, kNoNote});
    std::map<RowId, std::string> sourceText; // each figure's source, with the date that dates its round
    for (const auto& src : m_model.sources)
        sourceText[src.id] = src.title + (src.datePublished.empty() ||
                                                  src.title.find(readableDate(src.datePublished)) != std::string::npos
                                              ? std::string()
                                              : " (published " + readableDate(src.datePublished) + ")");

    std::vector<Period> withFigures;
    for (const auto& s : sec.series)
        for (const auto& p : s.figures.points)
            withFigures.push_back(p.period);
    m_emptyPeriods[mi] = trends::periodsWithout(sec.periods, withFigures);
    const auto totals = totalObservations(sec);
    for (const auto& s : sec.series) {
        std::vector<Cell> row;
        row.push_back(Cell::makeText(s.area.name));
        row.push_back(Cell::makeText(s.area.code.empty() ? "[z]" : s.area.code));
        row.push_back(Cell::makeText(upperFirst(std::string(areaKindLabel(s.area.kind)))));
        std::vector<std::string> quals;
        std::vector<std::pair<std::string, std::string>> notes;
        for (const auto& period : sec.periods) {
            const trends::SeriesPoint* point = nullptr;
            for (const auto& p : s.figures.points)
                if (p.period == period)
                    point = &p;
            if (!point)
                row.push_back(Cell::makeText(std::string(trends::code::kMissing)));
            else if (point->value.computable())
                row.push_back(Cell::makeNumber(point->value.value()));
            else
                row.push_back(Cell::makeText(point->value.code()));
            if (point && !point->markers.qualifiers().empty())
                quals.push_back(period.label() + " " + point->markers.qualifiers().toString());
            // A suppressed figure's note may say what the figure is ("revised from 12"): it goes with it.
            if (const auto o = totals.find({s.area.id, period.sortKey()});
                o != totals.end() && !o->second->note.empty() && !isSuppressed(point))
                notes.emplace_back(period.label(), o->second->note);
        }
        if (qualifiers)
            row.push_back(Cell::makeText(text::join(quals, "; ")));
        std::vector<std::string> sources;
        for (const auto& period : sec.periods)
            if (const auto o = totals.find({s.area.id, period.sortKey()}); o != totals.end()) {
                const auto it = sourceText.find(o->second->sourceId);
                if (it != sourceText.end() && std::find(sources.begin(), sources.end(), it->second) == sources.end())
                    sources.push_back(it->second);
            }
        row.push_back(Cell::makeText(sources.empty() ? std::string("[x]") : text::join(sources, "; ")));
        row.push_back(Cell::makeText(provenanceText(s.area.id, sec.periods, totals)));
        row.push_back(Cell::makeText(noteFromObservations(notes)));
        t.rows.push_back(std::move(row));
    }
    m_layout.sheets[si].table = std::move(t);

    std::string defn = "Measure: " + sentence(sec.measure.name);
    if (!sec.measure.definition.empty())
        defn += " Definition: " + sentence(lowerFirst(sec.measure.definition));
    if (!sec.measure.population.empty())
        defn += " Population: " + sec.measure.population + ".";
    std::string title = tableNumber(si) + ": " + sec.measure.name + ", by area and " +
                        (sec.periods.empty() ? "period" : kindSingular(sec.periods.front().kind())) + ", " +
                        (sec.totals ? sec.totals->scopeName + ", " : std::string()) + periodSpan(sec) + " " +
                        note(defn) + suppressionNote(sec.measure.unit);
    const auto titles = sourceTitles(sec);
    for (const auto& src : m_model.sources) {
        if (std::find(titles.begin(), titles.end(), src.title) != titles.end() && !src.qualityNotes.empty())
            title += note("Source: " + src.title + ". " + sentence(src.qualityNotes));
    }
    std::vector<std::string> extra = {
        unitSentence(sec.measure) + " " +
            (sec.periods.empty() ? std::string() : periodsSentence(sec.periods.front().kind())),
        "Source: " + listAnd(titles) + ". Details are on the Sources worksheet."};
    std::vector<std::string> pointers;
    if (m_changeOf[mi] != kNone)
        pointers.push_back("the change in each area is in " + tableNumber(m_changeOf[mi]));
    if (sec.totals && m_totals != kNone)
        pointers.push_back("totals are in " + tableNumber(m_totals));
    if (!pointers.empty())
        extra.push_back(sentence(listAnd(pointers)));
    if (!trends::addsUp(sec.measure.unit) && sec.series.size() > 1)
        extra.push_back(trends::whyNotAddedUp(sec.measure.unit));
    if (const auto& empty = m_emptyPeriods[mi]; !empty.empty()) {
        std::vector<std::string> labels;
        for (const auto& p : empty)
            labels.push_back(p.label());
        extra.push_back("No area has a figure for " + listAnd(labels) + ": " +
                        (labels.size() == 1 ? "its column is kept, so that the periods are in sequence, and holds"
                                            : "their columns are kept, so that the periods are in sequence, and "
                                              "hold") +
                        " [x].");
    }
    finishTableSheet(si, title, sec.measure.name + ", by area and period", extra);
}

} // namespace evidence::xlsx
