#include "markdown.h"

#include "core/text.h"

#include <cctype>
#include <vector>

namespace evidence::xlsx {

std::string plainInline(std::string_view in)
{
    // Bold: "**" pairs go. Emphasis: a '*' that opens a word ("*first*") and the next '*' that closes one go.
    // A pseudonym's star ("Molly* said") opens nothing, so it stays.
    std::string s;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '*' && i + 1 < in.size() && in[i + 1] == '*') {
            ++i;
            continue;
        }
        s += in[i];
    }
    std::vector<bool> drop(s.size(), false);
    auto isSpace = [&](std::size_t i) { return std::isspace(static_cast<unsigned char>(s[i])) != 0; };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '*' || drop[i])
            continue;
        const bool opens = (i == 0 || isSpace(i - 1) || s[i - 1] == '(') && i + 1 < s.size() && !isSpace(i + 1);
        if (!opens)
            continue;
        for (std::size_t j = i + 1; j < s.size(); ++j) {
            if (s[j] == '*' && !isSpace(j - 1) &&
                (j + 1 == s.size() || !std::isalnum(static_cast<unsigned char>(s[j + 1])))) {
                drop[i] = drop[j] = true;
                break;
            }
            if (s[j] == '\n')
                break;
        }
    }
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (drop[i] || c == '`')
            continue;
        if (c == '[') {
            const auto close = s.find("](", i);
            const auto end = close == std::string::npos ? close : s.find(')', close);
            if (close != std::string::npos && end != std::string::npos &&
                s.substr(i, close - i).find('\n') == std::string::npos) {
                out += plainInline(s.substr(i + 1, close - i - 1));
                out += " (" + s.substr(close + 2, end - close - 2) + ")";
                i = end;
                continue;
            }
        }
        out += c;
    }
    return out;
}

namespace {

bool isListItem(std::string_view line, std::size_t& textStart)
{
    const std::string_view t = text::trim(line);
    const std::size_t indent = line.find_first_not_of(' ');
    if (t.size() > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
        textStart = indent + 2;
        return true;
    }
    std::size_t i = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])))
        ++i;
    if (i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ') {
        textStart = indent; // keep the number: "1. ..."
        return true;
    }
    return false;
}

} // namespace

std::vector<TextBlock> markdownBlocks(std::string_view md)
{
    std::vector<TextBlock> out;
    std::string section = "Introduction";
    std::string para;
    auto flush = [&] {
        const std::string t = std::string(text::trim(para));
        if (!t.empty())
            out.push_back({section, plainInline(t)});
        para.clear();
    };
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= md.size();) {
        auto nl = md.find('\n', start);
        if (nl == std::string_view::npos)
            nl = md.size();
        std::string_view line = md.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        start = nl + 1;
    }
    bool inFence = false, inTable = false;
    std::string fence;
    for (const auto line : lines) {
        const std::string_view t = text::trim(line);
        if (t.starts_with("```")) {
            if (inFence) {
                out.push_back({section, fence});
                fence.clear();
                inFence = false;
            } else {
                flush();
                inFence = true;
            }
            continue;
        }
        if (inFence) {
            fence += (fence.empty() ? "" : "\n") + std::string(line);
            continue;
        }
        if (t.empty()) {
            flush();
            inTable = false;
            continue;
        }
        if (t.starts_with("#")) {
            flush();
            std::size_t level = 0;
            while (level < t.size() && t[level] == '#')
                ++level;
            if (level >= 2)
                section = plainInline(text::trim(t.substr(level)));
            continue;
        }
        if (t.starts_with("|")) {
            flush();
            std::vector<std::string> cells;
            std::string_view rest = t.substr(1);
            bool separator = true;
            while (!rest.empty()) {
                const auto bar = rest.find('|');
                const std::string_view cell = text::trim(rest.substr(0, bar));
                if (bar == std::string_view::npos && cell.empty())
                    break;
                if (cell.find_first_not_of("-: ") != std::string_view::npos)
                    separator = false;
                cells.push_back(plainInline(cell));
                if (bar == std::string_view::npos)
                    break;
                rest = rest.substr(bar + 1);
            }
            if (!inTable) {
                inTable = true; // the header row of the Markdown table
                continue;
            }
            if (separator)
                continue;
            out.push_back({section, text::join(cells, ": ")});
            continue;
        }
        if (line.starts_with("    ") || line.starts_with("\t")) {
            flush();
            out.push_back({section, std::string(t)});
            continue;
        }
        std::size_t textStart = 0;
        if (isListItem(line, textStart)) {
            flush();
            para = std::string(line.substr(textStart));
            continue;
        }
        para += (para.empty() ? "" : " ") + std::string(t);
    }
    if (inFence && !fence.empty())
        out.push_back({section, fence});
    flush();
    return out;
}

} // namespace evidence::xlsx
