#include "app/document_text.h"

#include "core/errors.h"
#include "core/platform.h"

#include <cstring>
#include <expat.h>
#include <memory>
#include <string_view>
#include <zip.h>

namespace evidence::app {
namespace {

struct ZipCloser
{
    void operator()(zip_t* z) const { zip_discard(z); }
};
using Archive = std::unique_ptr<zip_t, ZipCloser>;

Archive openZip(const std::filesystem::path& file)
{
    int error = 0;
    Archive archive(zip_open(platform::utf8(file).c_str(), ZIP_RDONLY, &error)); // UTF-8 on Windows too
    if (!archive)
        throw FileError("cannot read " + platform::utf8(file) + " (it is not a valid zip file)");
    return archive;
}

std::string readMember(zip_t* archive, zip_uint64_t index, const std::string& name, const std::filesystem::path& file)
{
    zip_stat_t st;
    if (zip_stat_index(archive, index, 0, &st) != 0)
        throw FileError("cannot read " + name + " in " + platform::utf8(file));
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> member(zip_fopen_index(archive, index, 0), zip_fclose);
    if (!member)
        throw FileError("cannot read " + name + " in " + platform::utf8(file));
    std::string data(static_cast<std::size_t>(st.size), '\0');
    std::size_t done = 0;
    while (done < data.size()) {
        const zip_int64_t got = zip_fread(member.get(), data.data() + done, data.size() - done);
        if (got <= 0)
            throw FileError("cannot read " + name + " in " + platform::utf8(file) + ": the file is damaged");
        done += static_cast<std::size_t>(got);
    }
    return data;
}

std::string_view localName(const char* qname)
{
    const char* colon = std::strrchr(qname, ':');
    return colon ? std::string_view(colon + 1) : std::string_view(qname);
}

// The texts of one XML member. A paragraph's text is gathered whole (its runs, spans and links joined) so the
// scanner sees what a reader reads; any other element's own text is one text.
struct Collector
{
    std::string part;
    std::vector<WorkbookText>* out = nullptr;
    int paragraphDepth = 0; ///< inside w:p, text:p or text:h
    std::string paragraph;
    std::vector<std::string> elementText; ///< per open element outside paragraphs
    std::vector<std::string> elementName;

    void add(const char* where, std::string value)
    {
        if (value.find_first_not_of(" \t\n\r") != std::string::npos)
            out->push_back({part, where, std::move(value)});
    }

    static bool isParagraph(std::string_view qname) { return qname == "w:p" || qname == "text:p" || qname == "text:h"; }

    static void onStart(void* data, const char* name, const char** attrs)
    {
        auto* c = static_cast<Collector*>(data);
        const std::string_view qname(name);
        const std::string_view local = localName(name);
        for (const char** a = attrs; a && *a; a += 2) {
            const std::string_view attr(a[0]);
            // Names a reader sees (sheets, tables, frames) and the text in formulas' string literals.
            if (attr == "table:name" || attr == "draw:name")
                c->add("name", a[1]);
            else if (attr == "table:formula" || attr == "office:string-value") {
                if (attr == "office:string-value") {
                    c->add("text cell", a[1]);
                    continue;
                }
                const std::string_view f(a[1]);
                for (std::size_t i = 0; i < f.size();) {
                    const auto open = f.find('"', i);
                    if (open == std::string_view::npos)
                        break;
                    const auto close = f.find('"', open + 1);
                    if (close == std::string_view::npos)
                        break;
                    c->add("formula text", std::string(f.substr(open + 1, close - open - 1)));
                    i = close + 1;
                }
            }
        }
        if (isParagraph(qname)) {
            if (c->paragraphDepth++ == 0)
                c->paragraph.clear();
            return;
        }
        if (c->paragraphDepth > 0) {
            if (local == "tab")
                c->paragraph += '\t';
            else if (local == "br" || local == "line-break")
                c->paragraph += '\n';
            else if (qname == "text:s")
                c->paragraph += ' ';
            return;
        }
        c->elementName.emplace_back(name);
        c->elementText.emplace_back();
    }

    static void onEnd(void* data, const char* name)
    {
        auto* c = static_cast<Collector*>(data);
        if (isParagraph(name)) {
            if (--c->paragraphDepth == 0)
                c->add("paragraph", std::move(c->paragraph));
            return;
        }
        if (c->paragraphDepth > 0 || c->elementName.empty())
            return;
        // The program that wrote the file ("LibreOffice/7.4.7.2$Linux...") says nothing of anyone, and its
        // version reads as an IP address.
        if (c->elementName.back() != "meta:generator")
            c->add("text", std::move(c->elementText.back()));
        c->elementText.pop_back();
        c->elementName.pop_back();
    }

    static void onText(void* data, const char* s, int len)
    {
        auto* c = static_cast<Collector*>(data);
        if (c->paragraphDepth > 0)
            c->paragraph.append(s, static_cast<std::size_t>(len));
        else if (!c->elementText.empty())
            c->elementText.back().append(s, static_cast<std::size_t>(len));
    }
};

bool hasMember(zip_t* archive, const char* name)
{
    return zip_name_locate(archive, name, 0) >= 0;
}

} // namespace

std::vector<WorkbookText> readDocumentText(const std::filesystem::path& file)
{
    const Archive archive = openZip(file);
    std::vector<WorkbookText> out;
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const char* rawName = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
        if (!rawName)
            continue;
        const std::string name = rawName;
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".xml") != 0 || name.rfind("META-INF/", 0) == 0)
            continue;
        const std::string xml = readMember(archive.get(), static_cast<zip_uint64_t>(i), name, file);
        Collector collector;
        collector.part = name;
        collector.out = &out;
        std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"), XML_ParserFree);
        XML_SetUserData(parser.get(), &collector);
        XML_SetElementHandler(parser.get(), Collector::onStart, Collector::onEnd);
        XML_SetCharacterDataHandler(parser.get(), Collector::onText);
        if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR)
            throw FileError("cannot read " + name + " in " + platform::utf8(file) + ": " +
                            XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
    return out;
}

std::string_view submissionFileNoun(const std::filesystem::path& file)
{
    const Archive archive = openZip(file);
    if (hasMember(archive.get(), "word/document.xml"))
        return "document";
    const zip_int64_t index = zip_name_locate(archive.get(), "mimetype", 0);
    if (index >= 0 && readMember(archive.get(), static_cast<zip_uint64_t>(index), "mimetype", file) ==
                          "application/vnd.oasis.opendocument.text")
        return "document";
    return "workbook";
}

namespace {

bool isDocument(const std::filesystem::path& file)
{
    const Archive archive = openZip(file);
    return hasMember(archive.get(), "mimetype") || hasMember(archive.get(), "word/document.xml");
}

} // namespace

std::vector<WorkbookText> readSubmissionFileText(const std::filesystem::path& file)
{
    return isDocument(file) ? readDocumentText(file) : readWorkbookText(file);
}

void forEachSubmissionFileMember(const std::filesystem::path& file, const MemberTexts& onMember,
                                 WorkbookPrereading* prereading)
{
    if (isDocument(file))
        onMember(0, readDocumentText(file));
    else
        forEachWorkbookMember(file, onMember, prereading);
}

} // namespace evidence::app
