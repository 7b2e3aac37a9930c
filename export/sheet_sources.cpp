#include "build_context.h"

namespace evidence::xlsx {

void Builder::buildSources()
{
    const std::size_t si = m_sources;
    Table t;
    t.name = "Sources";
    t.columns = {{"Source", ColumnType::Text},
                 {"Publisher", ColumnType::Text},
                 {"How the figures were collected", ColumnType::LongText},
                 {"Date published", ColumnType::Text},
                 {"Date retrieved", ColumnType::Text},
                 {"Web page (link)", ColumnType::Text},
                 {"Licence or terms", ColumnType::Text},
                 {"Quality notes", ColumnType::LongText}};
    auto orX = [](const std::string& s) { return s.empty() ? std::string("[x]") : s; };
    for (const auto& s : m_model.sources) {
        Cell link = Cell::makeText("[x]");
        if (!s.url.empty()) {
            LinkTarget target;
            target.url = s.url;
            link = Cell::makeLink(s.publisher.empty() ? "Web page on " + hostOf(s.url)
                                                      : s.publisher + " web page on " + hostOf(s.url),
                                  target);
        }
        t.rows.push_back({Cell::makeText(s.title), Cell::makeText(orX(s.publisher)), Cell::makeText(orX(s.method)),
                          Cell::makeText(s.datePublished.empty() ? "[x]" : readableDate(s.datePublished)),
                          Cell::makeText(s.dateRetrieved.empty() ? "[x]" : readableDate(s.dateRetrieved)), link,
                          Cell::makeText(orX(s.licence)), Cell::makeText(orX(s.qualityNotes))});
    }
    m_layout.sheets[si].table = std::move(t);
    finishTableSheet(si, "Sources of the figures", "Sources of the figures, how they were collected and their quality",
                     {});
}

} // namespace evidence::xlsx
