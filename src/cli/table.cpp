#include "cli/table.h"

#include "core/text.h"

#include <algorithm>

namespace evidence::cli {

void TextTable::print(std::ostream& out) const
{
    std::vector<std::size_t> width(header.size(), 0);
    auto cellText = [](const std::string& s) { return text::quoteForMessage(s, 80); };
    for (std::size_t c = 0; c < header.size(); ++c)
        width[c] = text::codePointCount(header[c]);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < r.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], text::codePointCount(cellText(r[c])));
    auto line = [&](const std::vector<std::string>& cells, bool isHeader) {
        std::string s;
        for (std::size_t c = 0; c < width.size(); ++c) {
            const std::string v = c < cells.size() ? (isHeader ? cells[c] : cellText(cells[c])) : "";
            const std::size_t pad = width[c] - text::codePointCount(v);
            const bool right = !isHeader && c < rightAligned.size() && rightAligned[c];
            if (c)
                s += "  ";
            if (right)
                s += std::string(pad, ' ') + v;
            else if (c + 1 < width.size())
                s += v + std::string(pad, ' ');
            else
                s += v;
        }
        out << s << '\n';
    };
    line(header, true);
    std::vector<std::string> rule;
    for (auto w : width)
        rule.push_back(std::string(w, '-'));
    line(rule, true);
    for (const auto& r : rows)
        line(r, false);
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

void TextTable::printCsv(std::ostream& out) const
{
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size(); ++c)
            out << (c ? "," : "") << csvField(cells[c]);
        out << "\r\n";
    };
    line(header);
    for (const auto& r : rows)
        line(r);
}

} // namespace evidence::cli
