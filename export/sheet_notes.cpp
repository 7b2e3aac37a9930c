#include "build_context.h"

namespace evidence::xlsx {

std::string Builder::note(const std::string& text)
{
    auto it = std::find(m_noteTexts.begin(), m_noteTexts.end(), text);
    if (it == m_noteTexts.end()) {
        m_noteTexts.push_back(text);
        it = m_noteTexts.end() - 1;
    }
    return "[note " + std::to_string(it - m_noteTexts.begin() + 1) + "]";
}

/// Rewrites the markers in @p s: each run of markers ("[note 4] [note 2]") in ascending order with no
/// space between them, numbered by @p number (old number -> new), which gives a marker met for the first
/// time the next number.
void Builder::renumberIn(std::string& s, std::vector<std::size_t>& number, std::size_t& next)
{
    static constexpr std::string_view kOpen = "[note ";
    std::size_t i = s.find(kOpen);
    while (i != std::string::npos) {
        std::vector<std::size_t> run;
        std::size_t end = i, at = i;
        while (s.compare(at, kOpen.size(), kOpen) == 0) {
            std::size_t p = at + kOpen.size(), n = 0;
            const std::size_t digits = p;
            while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p])))
                n = n * 10 + static_cast<std::size_t>(s[p++] - '0');
            if (p == digits || p >= s.size() || s[p] != ']' || n == 0 || n >= number.size())
                break;
            if (number[n] == 0)
                number[n] = ++next;
            run.push_back(number[n]);
            end = p + 1;
            at = end;
            while (at < s.size() && s[at] == ' ')
                ++at;
        }
        if (run.empty()) {
            i = s.find(kOpen, i + 1);
            continue;
        }
        std::sort(run.begin(), run.end());
        run.erase(std::unique(run.begin(), run.end()), run.end());
        std::string markers;
        for (const std::size_t n : run)
            markers += "[note " + std::to_string(n) + "]";
        s.replace(i, end - i, markers);
        i = s.find(kOpen, i + markers.size());
    }
}

/// Numbers the notes in the order a reader meets them (sheet by sheet; on each, the lines above the table,
/// its headers, then its rows), as the Analysis Function's guidance has it, and puts each run of markers in
/// that order. Markers stand only in titles, headings and row labels (checklist item C4), so accounts and
/// answers, which may hold any text, are left alone.
void Builder::renumberNotes()
{
    std::vector<std::size_t> number(m_noteTexts.size() + 1, 0);
    std::size_t next = 0;
    for (std::size_t si = 0; si < m_layout.sheets.size(); ++si) {
        Sheet& sheet = m_layout.sheets[si];
        for (auto& line : sheet.lines)
            renumberIn(line.text, number, next);
        if (!sheet.table)
            continue;
        Table& t = *sheet.table;
        for (auto& c : t.columns)
            renumberIn(c.header, number, next);
        const auto label = m_noteColumns.find(si);
        for (auto& row : t.rows)
            for (std::size_t c = 0; c < row.size(); ++c)
                if ((c == 0 || (label != m_noteColumns.end() && c == label->second)) && row[c].kind == Cell::Kind::Text)
                    renumberIn(row[c].text, number, next);
    }
    std::vector<std::string> texts(m_noteTexts.size());
    for (std::size_t old = 1; old < number.size(); ++old) {
        if (number[old] == 0) // referred to from nowhere a reader sees: kept, after the others
            number[old] = ++next;
        texts[number[old] - 1] = std::move(m_noteTexts[old - 1]);
    }
    m_noteTexts = std::move(texts);
}

/// The overrides in one sentence each, or counted when there are too many for a cell (an Excel cell holds
/// 32,767 characters; each override is also a note referred to from its case study's row).
std::string Builder::overridesText() const
{
    const std::string all = text::join(m_model.overrides, " ");
    if (all.size() <= 4000)
        return all;
    return std::to_string(m_model.overrides.size()) +
           " case studies had not been reviewed when this workbook was exported; they are included because the "
           "export used the allow-unreviewed override. Each one's note is referred to from its row on the Case "
           "studies worksheet.";
}

/// The note stating the suppression rule, for the titles of tables of counts; empty when nothing was
/// suppressed or @p unit is not a count.
std::string Builder::suppressionNote(Unit unit)
{
    if (!m_model.suppression || unit != Unit::Count)
        return {};
    return " " + note(suppressionRule(*m_model.suppression));
}

/// True when a cell that a formula would add up or count is "[c]": the formula would then leave the hidden
/// count out, so the engine's value is written instead.
bool Builder::anyConfidential(const std::vector<Ref>& refs) const
{
    for (const Ref& r : refs) {
        const auto& t = m_layout.sheets[r.sheet].table;
        if (t && r.row < t->rows.size() && r.col < t->rows[r.row].size() &&
            t->rows[r.row][r.col].kind == Cell::Kind::Text && t->rows[r.row][r.col].text == trends::code::kSuppressed)
            return true;
    }
    return false;
}

/// The change figures of section 3 worked through on a row of the change table, so that the sheet quotes
/// only figures a table shows (never a suppressed one); empty when no row has them all.
std::string Builder::workedExample() const
{
    for (std::size_t mi = 0; mi < m_model.measures.size(); ++mi) {
        const MeasureSection& sec = m_model.measures[mi];
        if (sec.measure.unit != Unit::Count || m_changeOf[mi] == kNone)
            continue;
        for (std::size_t ai = 0; ai < sec.series.size(); ++ai) {
            const auto& f = sec.series[ai].figures;
            const bool all = f.first.computable() && f.last.computable() && f.absoluteChange.computable() &&
                             f.percentChange.computable() && f.foldChange.computable() && f.annualRate.computable() &&
                             f.ciLower.computable() && f.ciUpper.computable();
            if (!all || !m_changeRow.count({mi, ai}))
                continue;
            const std::string first = figureText(f.first.value()), last = figureText(f.last.value());
            return "Example: in " + tableNumber(m_changeOf[mi]) + ", " + sec.series[ai].area.name + " has " + first +
                   " in " + f.from.label() + " and " + last + " in " + f.to.label() + ", " +
                   formatFixed(f.years, f.years == static_cast<double>(static_cast<long long>(f.years)) ? 0 : 2) +
                   " years apart. Absolute change " + last + " \xE2\x88\x92 " + first + " = " +
                   figureText(f.absoluteChange.value()) + "; percentage change " +
                   figureText(f.absoluteChange.value()) + " \xC3\xB7 " + first + " = " +
                   signedPercent(f.percentChange.value()) + "; fold change " + last + " \xC3\xB7 " + first + " = " +
                   formatFixed(f.foldChange.value(), 2) + "; compound annual rate " +
                   signedPercent(f.annualRate.value()) + " a year; 95% confidence interval of the rate ratio " +
                   formatFixed(f.ciLower.value(), 2) + " to " + formatFixed(f.ciUpper.value(), 2) +
                   ", so the change is " + f.significanceCode() + ".";
        }
    }
    return {};
}

void Builder::buildMethodology()
{
    const std::size_t si = m_methodology;
    Table t;
    t.name = "Methodology";
    t.columns = {{"Section", ColumnType::Text}, {"Text", ColumnType::LongText}};
    // The methodology's examples quote published figures this workbook need not show (and a suppressed
    // count among them would be published here): the first, which works the change figures through, is
    // replaced by the same working on this workbook's own figures, the others are left out, and so is
    // what the application alone shows.
    std::string example = workedExample();
    for (const auto& b : markdownBlocks(m_model.methodology)) {
        if (b.section.find("not in the workbook") != std::string::npos)
            continue;
        if (b.text.starts_with("Example:")) {
            if (!example.empty())
                t.rows.push_back({Cell::makeText(b.section), Cell::makeText(std::exchange(example, {}))});
            continue;
        }
        t.rows.push_back({Cell::makeText(b.section), Cell::makeText(b.text)});
    }
    if (t.rows.empty())
        t.rows.push_back({Cell::makeText("Methodology"), Cell::makeText("[x]")});
    m_layout.sheets[si].table = std::move(t);
    finishTableSheet(si, "Methodology: how each figure is computed",
                     "How each computed figure is worked out, and the limits of the figures", {});
}

void Builder::buildNotes()
{
    Sheet& s = m_layout.sheets[m_notes];
    Table t;
    t.name = "Notes_table";
    t.columns = {{"Note number", ColumnType::Text}, {"Note text", ColumnType::LongText}};
    // Each override's note is referred to from the row label of the case study it admitted.
    for (std::size_t i = 0; i < m_noteTexts.size(); ++i)
        t.rows.push_back({Cell::makeText("[note " + std::to_string(i + 1) + "]"), Cell::makeText(m_noteTexts[i])});
    s.description = "Notes referred to in the tables";
    s.lines.push_back(Line{Line::Style::Title, "Notes", {}});
    if (t.rows.empty()) {
        // An Excel table needs a row: a workbook whose cells refer to no note says so instead.
        s.description = "Notes: none in this workbook";
        s.lines.push_back(Line{Line::Style::Body, "No cell of this workbook refers to a note.", {}});
    } else {
        s.table = std::move(t);
        s.lines.push_back(Line{Line::Style::Body,
                               "This worksheet contains one table. Notes are referred to as [note 1], [note 2] and "
                               "so on in the titles, column headings and row labels of the other worksheets.",
                               {}});
    }
    if (!m_model.overrides.empty())
        s.lines.push_back(Line{Line::Style::Body, "This export used an override: " + overridesText(), {}});
    if (m_model.suppression)
        s.lines.push_back(Line{Line::Style::Body,
                               "Small counts are suppressed in this workbook. " + suppressionRule(*m_model.suppression),
                               {}});
}

void Builder::buildContents()
{
    Sheet& s = m_layout.sheets[m_contents];
    Table t;
    t.name = "Table_of_contents";
    t.columns = {{"Sheet name", ColumnType::Text}, {"Description", ColumnType::Text}};
    for (std::size_t i = 0; i < m_layout.sheets.size(); ++i) {
        const Sheet& other = m_layout.sheets[i];
        if (!other.listInContents)
            continue;
        LinkTarget target;
        target.sheet = i;
        t.rows.push_back({Cell::makeLink(other.name, target), Cell::makeText(other.description)});
    }
    s.table = std::move(t);
    s.lines.push_back(Line{Line::Style::Title, "Contents", {}});
    s.lines.push_back(Line{Line::Style::Body,
                           "This worksheet contains one table. Select a sheet name to go to the top of that sheet.",
                           {}});
}

void Builder::buildCover()
{
    const auto& m = m_model;
    const Submission& sub = m.submission;
    Sheet& s = m_layout.sheets[m_cover];
    s.wrapLines = true;
    s.coverWidthPx = 760;
    auto heading = [&](std::string text) { s.lines.push_back(Line{Line::Style::Heading, std::move(text), {}}); };
    auto body = [&](std::string text) {
        if (!text::trim(text).empty())
            s.lines.push_back(Line{Line::Style::Body, std::move(text), {}});
    };
    auto link = [&](std::string text, std::string url) {
        LinkTarget t;
        t.url = std::move(url);
        s.lines.push_back(Line{Line::Style::Link, std::move(text), t});
    };
    s.description = "Title, summary, caveats, sources and contact";
    s.lines.push_back(Line{Line::Style::Title, workbookTitle(m), {}});
    const Consultation& c = m.consultation;
    std::string intro = (sub.organisation.empty() ? std::string("The organisation") : sub.organisation) +
                        " cites the figures and case studies in this workbook in its response to the " + c.title +
                        " consultation";
    if (!c.code.empty())
        intro += " (" + c.code + ")";
    if (!c.publisher.empty())
        intro += " by the " + c.publisher;
    if (!c.opens.empty() && !c.closes.empty())
        intro += ", open from " + readableDate(c.opens) + " to " + readableDate(c.closes);
    body(intro + ".");

    if (!sub.summary.empty()) {
        heading("Summary");
        body(sub.summary);
    }

    heading("What this workbook holds");
    std::vector<std::string> measureNames;
    std::set<RowId> areaIds; // an area with figures for several measures is one area
    for (const auto& sec : m.measures) {
        measureNames.push_back(sec.measure.name);
        for (const auto& row : sec.series)
            areaIds.insert(row.area.id);
    }
    const std::size_t areas = areaIds.size();
    const auto [first, last] = periodRange(m);
    if (!measureNames.empty()) {
        std::vector<std::string> sources;
        for (const auto& src : m.sources)
            sources.push_back(src.title);
        body("Figures: " + listAnd(measureNames) + ", for " + std::to_string(areas) + " areas" +
             (first && last ? ", " + first->label() + " to " + last->label() : std::string()) +
             (sources.empty() ? std::string() : ", from " + listAnd(sources)) +
             ". Computed tables show the change in each area, totals with their coverage, and breakdowns.");
    }
    if (!m.caseStudies.empty())
        body("Case studies: " + std::to_string(m.caseStudies.size()) +
             " anonymised accounts selected for this response.");
    if (!m.responses.empty())
        body("Responses: answers to " + std::to_string(m.responses.size()) +
             " of the consultation's questions, with the evidence each cites.");
    body("The Contents worksheet lists every sheet, the Notes worksheet holds the notes the tables refer to, and "
         "the Methodology worksheet explains how each computed figure is worked out.");

    heading("Key caveats");
    body(sub.caveats);
    body("Totals of all responding areas cover different areas in different periods; changes are compared like "
         "for like, over the areas with figures for both periods, and a like-for-like change is given only when "
         "those areas are at least " +
         formatFixed(m.coverageThreshold * 100.0, 0) +
         "% of the areas in scope (this submission's "
         "setting).");
    for (const auto& sec : m.measures)
        if (sec.totals && trends::belowCoverageThreshold(sec.totals->result.likeForLike.coverage, m.coverageThreshold))
            body(sec.measure.name + ": the like-for-like total covers only " +
                 sec.totals->result.likeForLike.coverage.text() + " in " + sec.totals->scopeName +
                 ", too few for its change to be given: it is marked [u] (low reliability). Any figure for " +
                 sec.totals->scopeName + " as a whole is the publisher's, as stated beside it.");

    if (const std::string periods = periodsSentence(m); !periods.empty()) {
        heading("Periods and geography");
        body(periods +
             " Areas are police force areas, regions, nations and groupings as named in each table, with ONS "
             "codes where one exists. " +
             kRowOrder);
    }

    heading("Shorthand");
    body("Where a figure cannot be given, a shorthand code in square brackets stands in its place, and each table "
         "lists the codes it uses above it: [x] not available, [c] confidential, [z] not applicable. This "
         "workbook writes [low] for a figure that rounds to zero but is not zero (some publications use [k]). "
         "[u] marks a figure of low reliability, such as the change of a total over too few areas. [s] and [ns] "
         "mark changes that are or are not significant at the 5% level.");
    if (m.suppression)
        body("Counts below " + std::to_string(m.suppression->threshold) +
             " are suppressed and shown as [c], with further counts suppressed so that none can be worked out "
             "from the totals; the Notes worksheet states the rule.");

    heading("Status");
    body((text::trim(sub.asAt).empty()
              ? std::string("No as-at date is given for the figures as a whole: each figure's round and as-at "
                            "date, where known, are beside it in the tables")
              : "Figures as at " + readableDate(sub.asAt)) +
         ". This workbook supports a one-off consultation response: no update is planned. Figures are as the "
         "sources published them; any that are provisional or revised are marked [p] or [r] in the tables.");
    if (!m.overrides.empty())
        body("This export used an override, recorded in the Notes worksheet and in the store's audit log: " +
             overridesText());

    if (!m.sources.empty()) {
        heading("Sources");
        for (const auto& src : m.sources) {
            const std::string label = src.title + (src.publisher.empty() ? "" : " (" + src.publisher + ")");
            if (src.url.empty())
                body(label);
            else
                link(label + ": web page on " + hostOf(src.url), src.url);
        }
    }
    if (!c.url.empty()) {
        heading("Consultation");
        link(c.title + " consultation: web page on " + hostOf(c.url), c.url);
    }
    heading("Contact");
    body(sub.contactRole.empty() ? sub.organisation : sub.contactRole + ", " + sub.organisation);
    if (!sub.contactEmail.empty())
        link("Email " + sub.contactEmail, "mailto:" + sub.contactEmail);

    heading("About this workbook");
    body("This workbook is in English (United Kingdom).");
    body(m_valuesOnly ? "Computed figures are stored as values."
                      : "Computed figures (changes, totals, shares) are formulas that refer to the figures they "
                        "use, stored with their results, so each can be checked.");
    body("Produced by Evidence Desk" + (m.toolVersion.empty() ? std::string() : " " + m.toolVersion) +
         (m.storeId.empty() ? std::string() : " from store " + m.storeId) + ".");
}

void Builder::buildProperties()
{
    const auto& m = m_model;
    DocumentProperties& p = m_layout.properties;
    p.title = workbookTitle(m);
    p.subject = m.consultation.title + " consultation" +
                (m.consultation.code.empty() ? std::string() : " (" + m.consultation.code + ")");
    p.author = m.submission.organisation;
    p.company = m.submission.organisation;
    p.category = "Consultation response evidence";
    std::vector<std::string> keywords = {m.consultation.title, "consultation response", "statistics"};
    if (!m.caseStudies.empty())
        keywords.push_back("case studies");
    for (const auto& sec : m.measures)
        keywords.push_back(sec.measure.name);
    p.keywords = text::join(keywords, "; ");
    p.comments = m.submission.summary;
    p.status = m.overrides.empty() ? "" : "Includes case studies admitted by an override";
    p.created = parseIsoTime(m.submission.asAt);
    if (p.created == 0)
        p.created = parseIsoTime(m.consultation.opens);
    p.custom = {{"Produced by", "Evidence Desk" + (m.toolVersion.empty() ? "" : " " + m.toolVersion)},
                {"Language", "English (United Kingdom)"},
                {"Computed cells", m_valuesOnly ? "values" : "formulas with cached results"}};
    if (!m.storeId.empty())
        p.custom.emplace_back("Store id", m.storeId);
    if (!m.submission.uuid.empty())
        p.custom.emplace_back("Submission id", m.submission.uuid);
    if (!m.submission.asAt.empty())
        p.custom.emplace_back("Figures as at", m.submission.asAt);
}

} // namespace evidence::xlsx
