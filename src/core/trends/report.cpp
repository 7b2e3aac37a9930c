#include "core/trends/report.h"

#include "core/numbers.h"
#include "core/text.h"

#include <algorithm>
#include <map>

namespace evidence::trends {
namespace {

struct KeyEntry
{
    std::string_view code;
    std::string_view meaning;
};

constexpr KeyEntry kKey[] = {
    {"[s]", "significant: the 95% confidence interval excludes 1"},
    {"[ns]", "not significant: the 95% confidence interval includes 1"},
    {"[x]", "not available"},
    {"[c]", "confidential (suppressed)"},
    {"[z]", "not applicable"},
    {"[low]", "low figure (rounds to zero but is not zero)"},
};

enum class Style { Plain, Fixed, Percent };

// One cell of a figure: its code, or the number as @p style and @p decimals ask (Full keeps every digit).
std::string cell(const Figure& f, Precision precision, Style style, int decimals)
{
    if (!f.computable())
        return f.code();
    const double v = style == Style::Percent ? f.value() * 100.0 : f.value();
    if (precision == Precision::Full)
        return formatFull(v);
    if (style == Style::Plain)
        return f.display(decimals);
    return formatFixed(v, decimals);
}

// Groups the reasons of a row's codes: "Dorset: Change, Change (%) [z]: the 2015/16 figure is zero ...".
class ReasonCollector
{
public:
    void add(const std::string& column, const Figure& f)
    {
        if (f.computable() || f.reason().empty())
            return;
        const std::string key = f.code() + "\n" + f.reason();
        auto it = std::find_if(m_items.begin(), m_items.end(), [&](const auto& item) { return item.key == key; });
        if (it == m_items.end())
            m_items.push_back(Item{key, f.code(), f.reason(), {column}});
        else
            it->columns.push_back(column);
    }
    std::vector<std::string> sentences(const std::string& label) const
    {
        std::vector<std::string> out;
        for (const auto& item : m_items)
            out.push_back((label.empty() ? "" : label + ": ") + text::join(item.columns, ", ") + " " + item.code +
                          ": " + item.reason + ".");
        return out;
    }

private:
    struct Item
    {
        std::string key;
        std::string code;
        std::string reason;
        std::vector<std::string> columns;
    };
    std::vector<Item> m_items;
};

std::string areaLabel(const HeadlineContext& c)
{
    return c.areaName.empty() ? std::string("(all)") : c.areaName;
}

} // namespace

std::string csvField(std::string_view value)
{
    if (value.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string shorthandKey(const std::vector<std::vector<std::string>>& cells)
{
    std::vector<std::string> parts;
    for (const auto& entry : kKey) {
        const bool used = std::any_of(cells.begin(), cells.end(), [&](const auto& row) {
            return std::find(row.begin(), row.end(), entry.code) != row.end();
        });
        if (used)
            parts.push_back(std::string(entry.code) + " " + std::string(entry.meaning));
    }
    return text::join(parts, "; ");
}

TextTable seriesTable(const std::vector<SeriesRow>& rows, Precision precision)
{
    bool measures = false, coverage = false;
    for (const auto& r : rows) {
        measures = measures || r.context.subject != rows.front().context.subject;
        coverage = coverage || r.context.coverage.has_value();
    }
    TextTable t;
    auto column = [&t](std::string header, bool right) {
        t.headers.push_back(std::move(header));
        t.rightAligned.push_back(right);
    };
    column("Area", false);
    if (measures)
        column("Measure", false);
    column("From", false);
    column("To", false);
    for (const char* h : {"First", "Last", "Change", "Change (%)", "Fold change", "Annual rate (%)", "Slope per year",
                          "R²", "95% CI lower", "95% CI upper"})
        column(h, true);
    column("Significance", false);
    if (coverage)
        column("Coverage", false);
    if (precision == Precision::Full)
        column("Notes", false);

    for (const auto& r : rows) {
        const SeriesFigures& f = r.figures;
        const std::pair<const char*, std::pair<const Figure*, std::pair<Style, int>>> figures[] = {
            {"First", {&f.first, {Style::Plain, 2}}},
            {"Last", {&f.last, {Style::Plain, 2}}},
            {"Change", {&f.absoluteChange, {Style::Plain, 2}}},
            {"Change (%)", {&f.percentChange, {Style::Percent, 1}}},
            {"Fold change", {&f.foldChange, {Style::Fixed, 2}}},
            {"Annual rate (%)", {&f.annualRate, {Style::Percent, 1}}},
            {"Slope per year", {&f.slopePerYear, {Style::Fixed, 2}}},
            {"R²", {&f.rSquared, {Style::Fixed, 3}}},
            {"95% CI lower", {&f.ciLower, {Style::Fixed, 2}}},
            {"95% CI upper", {&f.ciUpper, {Style::Fixed, 2}}},
        };
        std::vector<std::string> row;
        row.push_back(areaLabel(r.context));
        if (measures)
            row.push_back(r.context.subject);
        row.push_back(f.from.toString());
        row.push_back(f.to.toString());
        ReasonCollector reasons;
        for (const auto& [name, spec] : figures) {
            row.push_back(cell(*spec.first, precision, spec.second.first, spec.second.second));
            reasons.add(name, *spec.first);
        }
        row.push_back(f.significanceCode());
        if (coverage)
            row.push_back(r.context.coverage ? r.context.coverage->text() : "");
        const auto sentences = reasons.sentences(precision == Precision::Full ? "" : areaLabel(r.context));
        if (precision == Precision::Full)
            row.push_back(text::join(sentences, " "));
        else
            t.notes.insert(t.notes.end(), sentences.begin(), sentences.end());
        t.rows.push_back(std::move(row));
    }
    return t;
}

TextTable totalsTable(const TotalsResult& totals, Precision precision)
{
    TextTable t;
    t.headers = {"Period", "Total", "Coverage", "Missing"};
    t.rightAligned = {false, true, false, false};
    if (totals.hasPopulation) {
        t.headers.push_back("Rate per 10,000");
        t.rightAligned.push_back(true);
    }
    for (const auto& p : totals.periods) {
        std::vector<std::string> missing;
        for (const auto& gap : p.missing)
            missing.push_back(gap.areaName + " " + gap.code);
        // On screen a list of forty names buries the table: past a handful, give the count and keep
        // the names for CSV, where every gap must stay checkable.
        constexpr std::size_t kListedOnScreen = 8;
        std::string missingText = text::join(missing, "; ");
        if (precision == Precision::Display && missing.size() > kListedOnScreen)
            missingText = std::to_string(missing.size()) + " " + p.coverage.noun +
                          " without a figure (list them with --totals --csv)";
        std::vector<std::string> row = {p.period.toString(), cell(p.total, precision, Style::Plain, 2),
                                        p.coverage.text(), missingText};
        if (totals.hasPopulation)
            row.push_back(cell(p.ratePer10000, precision, Style::Fixed, 2));
        t.rows.push_back(std::move(row));
        ReasonCollector reasons;
        reasons.add("Total", p.total);
        if (totals.hasPopulation)
            reasons.add("Rate per 10,000", p.ratePer10000);
        const auto sentences = reasons.sentences(p.period.label());
        t.notes.insert(t.notes.end(), sentences.begin(), sentences.end());
    }
    return t;
}

TextTable distributionTable(const Distribution& d, Precision precision)
{
    TextTable t;
    std::string header = d.dimension.empty() ? std::string("Category") : d.dimension;
    if (header.front() >= 'a' && header.front() <= 'z')
        header.front() = static_cast<char>(header.front() - 'a' + 'A');
    t.headers = {header, "Count", "Share (%)"};
    t.rightAligned = {false, true, true};
    ReasonCollector reasons;
    for (const auto& c : d.categories) {
        t.rows.push_back(
            {c.category, cell(c.count, precision, Style::Plain, 2), cell(c.share, precision, Style::Percent, 1)});
        reasons.add(c.category + " count", c.count);
    }
    for (const auto& c : d.notRecordedCategories) {
        t.rows.push_back({c.category, cell(c.count, precision, Style::Plain, 2), c.share.code()});
        reasons.add(c.category + " count", c.count);
    }
    t.rows.push_back({"Total recorded", cell(d.recordedTotal, precision, Style::Plain, 2), ""});
    if (!d.notRecordedCategories.empty())
        t.rows.push_back({"Total", cell(d.total, precision, Style::Plain, 2), ""});
    reasons.add("Total recorded", d.recordedTotal);

    if (!d.mostCommon.empty())
        t.notes.push_back("Most common: " + text::join(d.mostCommon, ", ") + " (" + d.mostCommonCount.display() +
                          (d.mostCommon.size() > 1 ? " each, tied" : "") + ").");
    else
        reasons.add("Most common", d.mostCommonCount);
    if (d.median.computable())
        t.notes.push_back("Median: " + d.median.display(1) + ".");
    else if (!d.medianCategory.empty())
        t.notes.push_back("Median category: " + d.medianCategory + ".");
    else
        reasons.add("Median", d.median);
    if (d.threshold) {
        const std::string th = std::to_string(*d.threshold);
        if (d.atOrUnderCount.computable())
            t.notes.push_back("At or under " + th + ": " + d.atOrUnderCount.display() + " (" +
                              d.atOrUnderShare.displayPercent(1) + " of recorded).");
        else
            reasons.add("At or under " + th, d.atOrUnderCount);
    }
    if (!d.exclusionNote.empty())
        t.notes.push_back(d.exclusionNote);
    const auto sentences = reasons.sentences("");
    t.notes.insert(t.notes.end(), sentences.begin(), sentences.end());
    return t;
}

std::string renderAligned(const TextTable& table)
{
    std::vector<std::size_t> widths(table.headers.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], text::codePointCount(row[i]));
    };
    measure(table.headers);
    for (const auto& row : table.rows)
        measure(row);
    auto line = [&](const std::vector<std::string>& row) {
        std::string out;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string value = i < row.size() ? row[i] : std::string();
            const std::size_t pad = widths[i] - text::codePointCount(value);
            if (i)
                out += "  ";
            const bool right = i < table.rightAligned.size() && table.rightAligned[i];
            if (right)
                out += std::string(pad, ' ') + value;
            else
                out += value + (i + 1 < widths.size() ? std::string(pad, ' ') : std::string());
        }
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(table.headers);
    std::vector<std::string> rule;
    for (auto w : widths)
        rule.emplace_back(w, '-');
    out += line(rule);
    for (const auto& row : table.rows)
        out += line(row);
    const std::string key = shorthandKey(table.rows);
    if (!key.empty())
        out += "\nKey: " + key + "\n";
    if (!table.notes.empty()) {
        out += "\nNotes:\n";
        for (const auto& n : table.notes)
            out += "- " + n + "\n";
    }
    return out;
}

std::string renderCsv(const TextTable& table)
{
    auto line = [](const std::vector<std::string>& row) {
        std::string out;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i)
                out += ',';
            out += csvField(row[i]);
        }
        return out + "\r\n";
    };
    std::string out = line(table.headers);
    for (const auto& row : table.rows)
        out += line(row);
    return out;
}

std::string formatSeriesTable(const std::vector<SeriesRow>& rows)
{
    return renderAligned(seriesTable(rows, Precision::Display));
}

std::string formatSeriesCsv(const std::vector<SeriesRow>& rows)
{
    return renderCsv(seriesTable(rows, Precision::Full));
}

std::string formatTotalsTable(const TotalsResult& totals, const HeadlineContext& context)
{
    std::string out = "Totals per period\n\n" + renderAligned(totalsTable(totals, Precision::Display));
    SeriesRow row{context, reportableLikeForLike(totals, context.coverageThreshold)};
    row.context.coverage = totals.likeForLike.coverage;
    // Named by what it covers, never as the larger area.
    row.context.areaName = likeForLikeLabel(totals.likeForLike, totals.from, totals.to);
    out += "\nLike-for-like change" + (context.areaName.empty() ? std::string() : " in " + context.areaName) + "\n\n";
    out += renderAligned(seriesTable({row}, Precision::Display));
    return out;
}

std::vector<std::string> headlines(const std::vector<SeriesRow>& rows)
{
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows)
        out.push_back(headline(r.figures, r.context));
    return out;
}

} // namespace evidence::trends
