#include "workbook_dump.h"

#include <cstdio>
#include <cstring>
#include <expat.h>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>
#include <zip.h>

namespace evidence::bench {
namespace {

std::string_view localName(const char* qname)
{
    const char* colon = std::strrchr(qname, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(qname);
}

const char* attr(const char** atts, std::string_view name)
{
    for (int i = 0; atts[i]; i += 2)
        if (localName(atts[i]) == name)
            return atts[i + 1];
    return nullptr;
}

std::string attrOr(const char** atts, std::string_view name, const char* fallback = "")
{
    const char* v = attr(atts, name);
    return v ? v : fallback;
}

/// A streaming parse of one zip member: start and end callbacks, with the character data since the last start.
class Sax
{
public:
    std::function<void(std::string_view, const char**)> onStart;
    std::function<void(std::string_view, const std::string&)> onEnd;

    void parse(zip_t* zip, const std::string& member)
    {
        zip_file_t* f = zip_fopen(zip, member.c_str(), 0);
        if (!f)
            throw std::runtime_error("workbook dump: no part " + member);
        std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(f, &zip_fclose);
        std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"), &XML_ParserFree);
        XML_SetUserData(parser.get(), this);
        XML_SetElementHandler(
            parser.get(),
            [](void* self, const char* name, const char** atts) {
                auto* s = static_cast<Sax*>(self);
                s->m_text.clear();
                if (s->onStart)
                    s->onStart(localName(name), atts);
            },
            [](void* self, const char* name) {
                auto* s = static_cast<Sax*>(self);
                if (s->onEnd)
                    s->onEnd(localName(name), s->m_text);
                s->m_text.clear();
            });
        XML_SetCharacterDataHandler(parser.get(), [](void* self, const char* s, int len) {
            static_cast<Sax*>(self)->m_text.append(s, static_cast<std::size_t>(len));
        });
        std::vector<char> buffer(1 << 20);
        for (;;) {
            const zip_int64_t n = zip_fread(f, buffer.data(), buffer.size());
            if (n < 0)
                throw std::runtime_error("workbook dump: cannot read " + member);
            if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(n), n == 0) == XML_STATUS_ERROR)
                throw std::runtime_error("workbook dump: " + member + ": " +
                                         XML_ErrorString(XML_GetErrorCode(parser.get())));
            if (n == 0)
                break;
        }
    }

private:
    std::string m_text;
};

std::string escape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += ch;
        }
    }
    return out;
}

// "AB12" -> zero-based row 11, column 27.
std::pair<long, long> cellRef(std::string_view ref)
{
    long col = 0, row = 0;
    std::size_t i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i)
        col = col * 26 + (ref[i] - 'A' + 1);
    for (; i < ref.size(); ++i)
        row = row * 10 + (ref[i] - '0');
    return {row - 1, col - 1};
}

std::string directoryOf(const std::string& member)
{
    const auto slash = member.rfind('/');
    return slash == std::string::npos ? std::string() : member.substr(0, slash + 1);
}

// Resolves a relationship target ("../tables/table1.xml") against the directory of the part that holds it.
std::string resolvePath(const std::string& base, const std::string& target)
{
    if (!target.empty() && target[0] == '/')
        return target.substr(1);
    std::string dir = base;
    std::string t = target;
    while (t.rfind("../", 0) == 0) {
        t.erase(0, 3);
        if (!dir.empty())
            dir.pop_back();
        dir = directoryOf(dir);
    }
    return dir + t;
}

struct Relationship
{
    std::string target;
    bool external = false;
};

std::map<std::string, Relationship> relationships(zip_t* zip, const std::string& part)
{
    std::map<std::string, Relationship> out;
    const std::string dir = directoryOf(part);
    const std::string rels = dir + "_rels/" + part.substr(dir.size()) + ".rels";
    if (zip_name_locate(zip, rels.c_str(), 0) < 0)
        return out;
    Sax sax;
    sax.onStart = [&](std::string_view name, const char** atts) {
        if (name != "Relationship")
            return;
        Relationship r;
        r.external = attrOr(atts, "TargetMode") == "External";
        r.target = r.external ? attrOr(atts, "Target") : resolvePath(dir, attrOr(atts, "Target"));
        out[attrOr(atts, "Id")] = r;
    };
    sax.parse(zip, rels);
    return out;
}

std::string builtinNumFormat(int id)
{
    static const std::map<int, std::string> builtins = {
        {0, ""},   {1, "0"},      {2, "0.00"},      {3, "#,##0"},   {4, "#,##0.00"},
        {9, "0%"}, {10, "0.00%"}, {11, "0.00E+00"}, {14, "m/d/yy"}, {49, "@"},
    };
    const auto it = builtins.find(id);
    return it == builtins.end() ? std::string() : it->second;
}

struct Font
{
    std::string size = "11", name = "Calibri", rgb = "-";
    bool bold = false, underline = false;
};

struct Cell
{
    long row = 0, col = 0;
    int format = 0;
    char kind = 's';
    std::string value, extra;
};

struct TableInfo
{
    long r1 = 0, c1 = 0, r2 = 0, c2 = 0;
    std::string name;
    std::vector<std::string> headers;
};

} // namespace

DumpCounts dumpWorkbook(const std::filesystem::path& xlsx, const std::filesystem::path& outPath)
{
    int err = 0;
    zip_t* z = zip_open(xlsx.c_str(), ZIP_RDONLY, &err);
    if (!z)
        throw std::runtime_error("workbook dump: cannot open " + xlsx.string());
    std::unique_ptr<zip_t, decltype(&zip_discard)> zip(z, &zip_discard);
    std::unique_ptr<FILE, decltype(&std::fclose)> out(std::fopen(outPath.c_str(), "w"), &std::fclose);
    if (!out)
        throw std::runtime_error("workbook dump: cannot write " + outPath.string());
    std::vector<char> outBuffer(1 << 20);
    std::setvbuf(out.get(), outBuffer.data(), _IOFBF, outBuffer.size());
    DumpCounts counts;
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i)
        if (std::string_view(zip_get_name(z, static_cast<zip_uint64_t>(i), 0)).rfind("xl/charts/chart", 0) == 0)
            ++counts.charts;

    // Formats: number formats, fonts, then the cell formats that combine them.
    {
        std::map<int, std::string> numFormats;
        std::vector<Font> fonts;
        bool inFonts = false, inCellXfs = false;
        int xfId = 0;
        std::vector<std::string> xf; // the X record being built
        Sax sax;
        sax.onStart = [&](std::string_view name, const char** atts) {
            if (name == "numFmt")
                numFormats[std::atoi(attrOr(atts, "numFmtId", "0").c_str())] = attrOr(atts, "formatCode");
            else if (name == "fonts")
                inFonts = true;
            else if (name == "cellXfs")
                inCellXfs = true;
            else if (inFonts && name == "font")
                fonts.emplace_back();
            else if (inFonts && name == "b")
                fonts.back().bold = true;
            else if (inFonts && name == "u")
                fonts.back().underline = true;
            else if (inFonts && name == "sz")
                fonts.back().size = attrOr(atts, "val", "11");
            else if (inFonts && name == "name")
                fonts.back().name = attrOr(atts, "val", "Calibri");
            else if (inFonts && name == "color" && attr(atts, "rgb"))
                fonts.back().rgb = attrOr(atts, "rgb").substr(2);
            else if (inCellXfs && name == "xf") {
                const Font font = fonts.at(static_cast<std::size_t>(std::atoi(attrOr(atts, "fontId", "0").c_str())));
                const int num = std::atoi(attrOr(atts, "numFmtId", "0").c_str());
                const std::string code = num < 164 ? builtinNumFormat(num) : numFormats[num];
                xf = {std::to_string(xfId++),
                      font.size,
                      font.bold ? "1" : "0",
                      font.underline ? "1" : "0",
                      font.rgb,
                      "-",
                      "-",
                      "0",
                      "0",
                      code.empty() ? "-" : code,
                      font.name};
            } else if (inCellXfs && name == "alignment") {
                xf[5] = attrOr(atts, "horizontal", "-");
                xf[6] = attrOr(atts, "vertical", "-");
                xf[7] = attrOr(atts, "wrapText", "0");
                xf[8] = attrOr(atts, "indent", "0");
            }
        };
        sax.onEnd = [&](std::string_view name, const std::string&) {
            if (name == "fonts")
                inFonts = false;
            else if (name == "cellXfs")
                inCellXfs = false;
            else if (inCellXfs && name == "xf") {
                std::fputs("X", out.get());
                for (const auto& f : xf)
                    std::fprintf(out.get(), "\t%s", escape(f).c_str());
                std::fputc('\n', out.get());
                ++counts.formats;
            }
        };
        sax.parse(z, "xl/styles.xml");
    }

    std::vector<std::string> shared;
    if (zip_name_locate(z, "xl/sharedStrings.xml", 0) >= 0) {
        std::string current;
        Sax sax;
        sax.onStart = [&](std::string_view name, const char**) {
            if (name == "si")
                current.clear();
        };
        sax.onEnd = [&](std::string_view name, const std::string& text) {
            if (name == "t")
                current += text;
            else if (name == "si")
                shared.push_back(current);
        };
        sax.parse(z, "xl/sharedStrings.xml");
    }

    // Sheets in workbook order.
    std::vector<std::pair<std::string, std::string>> sheets; // name, rId
    {
        Sax sax;
        sax.onStart = [&](std::string_view name, const char** atts) {
            if (name == "sheet")
                sheets.emplace_back(attrOr(atts, "name"), attrOr(atts, "id"));
        };
        sax.parse(z, "xl/workbook.xml");
    }
    const auto workbookRels = relationships(z, "xl/workbook.xml");

    for (const auto& [sheetName, rId] : sheets) {
        const std::string part = workbookRels.at(rId).target;
        const auto rels = relationships(z, part);
        ++counts.sheets;
        std::vector<TableInfo> tables;
        std::vector<Cell> cells;
        std::map<std::pair<long, long>, std::string> links;
        bool gridlines = true;
        std::string cols, rows;
        Cell cell;
        bool inCell = false;
        Sax sax;
        sax.onStart = [&](std::string_view name, const char** atts) {
            if (name == "c") {
                cell = Cell{};
                const auto [r, c] = cellRef(attrOr(atts, "r"));
                cell.row = r;
                cell.col = c;
                cell.format = std::atoi(attrOr(atts, "s", "0").c_str());
                const std::string t = attrOr(atts, "t", "n");
                cell.kind = t == "s" || t == "inlineStr" ? 's' : t == "str" ? 'g' : 'n';
                inCell = true;
            } else if (name == "row" && attr(atts, "ht")) {
                rows +=
                    "R\t" + std::to_string(std::atol(attrOr(atts, "r").c_str()) - 1) + "\t" + attrOr(atts, "ht") + "\n";
            } else if (name == "col") {
                cols += "W\t" + std::to_string(std::atol(attrOr(atts, "min").c_str()) - 1) + "\t" +
                        std::to_string(std::atol(attrOr(atts, "max").c_str()) - 1) + "\t" + attrOr(atts, "width") +
                        "\n";
            } else if (name == "sheetView") {
                gridlines = attrOr(atts, "showGridLines", "1") != "0";
            } else if (name == "hyperlink") {
                const auto at = cellRef(attrOr(atts, "ref"));
                if (const char* id = attr(atts, "id"))
                    links[at] = rels.at(id).target + (attr(atts, "location") ? "#" + attrOr(atts, "location") : "");
                else
                    links[at] = "internal:" + attrOr(atts, "location");
            }
        };
        sax.onEnd = [&](std::string_view name, const std::string& text) {
            if (!inCell)
                return;
            if (name == "f") {
                cell.extra = text;
                cell.kind = cell.kind == 'g' ? 'g' : 'f';
            } else if (name == "v") {
                cell.value = cell.kind == 's' && cell.extra.empty()
                                 ? shared.at(static_cast<std::size_t>(std::atol(text.c_str())))
                                 : text;
            } else if (name == "t") {
                cell.value += text;
            } else if (name == "c") {
                inCell = false;
                if (cell.kind == 'n' && cell.value.empty())
                    cell.kind = 'b';
                cells.push_back(std::move(cell));
            }
        };
        sax.parse(z, part);
        for (const auto& [id, rel] : rels) {
            if (rel.external || rel.target.find("/tables/") == std::string::npos)
                continue;
            TableInfo t;
            Sax ts;
            ts.onStart = [&](std::string_view name, const char** atts) {
                if (name == "table") {
                    t.name = attrOr(atts, "displayName");
                    const std::string ref = attrOr(atts, "ref");
                    const auto colon = ref.find(':');
                    std::tie(t.r1, t.c1) = cellRef(ref.substr(0, colon));
                    std::tie(t.r2, t.c2) = cellRef(ref.substr(colon + 1));
                } else if (name == "tableColumn") {
                    t.headers.push_back(attrOr(atts, "name"));
                }
            };
            ts.parse(z, rel.target);
            tables.push_back(std::move(t));
        }
        std::fprintf(out.get(), "S\t%s\t%d\n", escape(sheetName).c_str(), gridlines ? 0 : 1);
        std::fputs(cols.c_str(), out.get());
        std::fputs(rows.c_str(), out.get());
        // Header cells: their formats go with the table; the cells themselves are written by the table.
        std::map<std::pair<long, long>, int> headerFormats;
        for (const auto& t : tables)
            for (long c = t.c1; c <= t.c2; ++c)
                headerFormats[{t.r1, c}] = 0;
        for (const auto& c : cells)
            if (auto it = headerFormats.find({c.row, c.col}); it != headerFormats.end())
                it->second = c.format;
        for (const auto& t : tables) {
            ++counts.tables;
            std::fprintf(out.get(), "T\t%ld\t%ld\t%ld\t%ld\t%s\n", t.r1, t.c1, t.r2, t.c2, escape(t.name).c_str());
            for (std::size_t i = 0; i < t.headers.size(); ++i)
                std::fprintf(out.get(), "H\t%s\t%d\n", escape(t.headers[i]).c_str(),
                             headerFormats[{t.r1, t.c1 + static_cast<long>(i)}]);
        }
        for (auto& c : cells) {
            if (headerFormats.count({c.row, c.col}))
                continue;
            if (auto it = links.find({c.row, c.col}); it != links.end()) {
                c.kind = 'u';
                c.extra = it->second;
                ++counts.links;
            }
            if (c.kind == 'f' || c.kind == 'g')
                ++counts.formulas;
            ++counts.cells;
            std::fprintf(out.get(), "C\t%ld\t%ld\t%d\t%c\t%s", c.row, c.col, c.format, c.kind, escape(c.value).c_str());
            if (!c.extra.empty())
                std::fprintf(out.get(), "\t%s", escape(c.extra).c_str());
            std::fputc('\n', out.get());
        }
    }
    if (std::fflush(out.get()) != 0)
        throw std::runtime_error("workbook dump: cannot write " + outPath.string());
    return counts;
}

} // namespace evidence::bench
