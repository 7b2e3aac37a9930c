#include "app/document_writer.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/xml_text.h"

#include <cstdio>
#include <ctime>
#include <memory>
#include <zip.h>

namespace evidence::app {
namespace {

// ---------------------------------------------------------------------------------------------------
// Office Open XML (.docx)

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// Text as runs: a line break inside a paragraph becomes <w:br/>, a tab <w:tab/>.
std::string docxRuns(std::string_view text, bool bold)
{
    std::string out;
    const std::string rPr = bold ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "";
    std::string piece;
    auto flush = [&] {
        if (!piece.empty())
            out += "<w:r>" + rPr + "<w:t xml:space=\"preserve\">" + text::escapeXml(piece) + "</w:t></w:r>";
        piece.clear();
    };
    for (char c : text) {
        if (c == '\n' || c == '\t') {
            flush();
            out += "<w:r>" + rPr + (c == '\n' ? "<w:br/>" : "<w:tab/>") + "</w:r>";
        } else {
            piece += c;
        }
    }
    flush();
    return out;
}

std::string docxParagraph(const DocumentBlock& b)
{
    const char* style = "Normal";
    std::string lead;
    bool bold = false;
    switch (b.kind) {
    case DocumentBlock::Kind::Title:
        style = "Title";
        break;
    case DocumentBlock::Kind::Heading:
        style = "Heading1";
        break;
    case DocumentBlock::Kind::Subheading:
        style = "Heading2";
        break;
    case DocumentBlock::Kind::Body:
        break;
    case DocumentBlock::Kind::Emphasis:
        bold = true;
        break;
    case DocumentBlock::Kind::Numbered:
        style = "NumberedParagraph";
        lead = std::to_string(b.number) + ".\t";
        break;
    case DocumentBlock::Kind::Bullet:
        style = "ListBullet";
        lead = "\xE2\x80\xA2\t"; // •
        break;
    }
    std::string out = std::string("<w:p><w:pPr><w:pStyle w:val=\"") + style + "\"/></w:pPr>";
    out += docxRuns(lead, false);
    if (!b.label.empty())
        out += docxRuns(b.label + " ", true);
    out += docxRuns(b.text, bold);
    return out + "</w:p>";
}

std::string docxStyles(const std::string& language)
{
    const std::string lang = text::escapeXml(language);
    auto heading = [](const char* id, const char* name, int level, int halfPoints, int before) {
        return std::string("<w:style w:type=\"paragraph\" w:styleId=\"") + id + "\"><w:name w:val=\"" + name +
               "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>"
               "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"" +
               std::to_string(before) + "\" w:after=\"120\"/><w:outlineLvl w:val=\"" + std::to_string(level) +
               "\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"" + std::to_string(halfPoints) + "\"/><w:szCs w:val=\"" +
               std::to_string(halfPoints) + "\"/></w:rPr></w:style>";
    };
    // A hanging indent: the number or bullet, a tab, then the text aligned at 1 cm (567 twentieths of a point).
    auto hanging = [](const char* id, const char* name) {
        return std::string("<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"") + id +
               "\"><w:name w:val=\"" + name +
               "\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"567\"/>"
               "</w:tabs><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr></w:style>";
    };
    return std::string(kXmlDecl) + "<w:styles xmlns:w=\"" + kW +
           "\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" "
           "w:cs=\"Arial\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"" +
           lang + "\" w:eastAsia=\"" + lang + "\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>" +
           "<w:spacing w:after=\"160\" w:line=\"288\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>" +
           "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
           "</w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
           "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/>"
           "</w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>" +
           heading("Heading1", "heading 1", 0, 32, 360) + heading("Heading2", "heading 2", 1, 28, 240) +
           hanging("NumberedParagraph", "Numbered paragraph") + hanging("ListBullet", "List Bullet") + "</w:styles>";
}

std::string docxDocument(const DocumentContent& c)
{
    std::string body;
    for (const auto& b : c.blocks)
        body += docxParagraph(b);
    // A4 with 2.5 cm margins.
    return std::string(kXmlDecl) + "<w:document xmlns:w=\"" + kW +
           "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>" + body +
           "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1418\" "
           "w:bottom=\"1418\" w:left=\"1418\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>"
           "</w:body></w:document>";
}

std::string isoTime(const std::string& date)
{
    return date + "T00:00:00Z";
}

// ---------------------------------------------------------------------------------------------------
// OpenDocument Text (.odt)

constexpr const char* kOdfNamespaces = " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                       " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
                                       " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                                       " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
                                       " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\""
                                       " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
                                       " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.3\"";

std::string odfText(std::string_view text)
{
    std::string out;
    std::string piece;
    auto flush = [&] {
        out += text::escapeXml(piece);
        piece.clear();
    };
    for (char c : text) {
        if (c == '\n' || c == '\t') {
            flush();
            out += c == '\n' ? "<text:line-break/>" : "<text:tab/>";
        } else {
            piece += c;
        }
    }
    flush();
    return out;
}

std::string odtParagraph(const DocumentBlock& b)
{
    std::string inner;
    if (!b.label.empty())
        inner += "<text:span text:style-name=\"Strong_20_Emphasis\">" + odfText(b.label) + "</text:span> ";
    switch (b.kind) {
    case DocumentBlock::Kind::Title:
        return "<text:p text:style-name=\"Title\">" + inner + odfText(b.text) + "</text:p>";
    case DocumentBlock::Kind::Heading:
        return "<text:h text:style-name=\"Heading_20_1\" text:outline-level=\"1\">" + inner + odfText(b.text) +
               "</text:h>";
    case DocumentBlock::Kind::Subheading:
        return "<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">" + inner + odfText(b.text) +
               "</text:h>";
    case DocumentBlock::Kind::Body:
        return "<text:p text:style-name=\"Text_20_body\">" + inner + odfText(b.text) + "</text:p>";
    case DocumentBlock::Kind::Emphasis:
        return "<text:p text:style-name=\"Text_20_body\">" + inner +
               "<text:span text:style-name=\"Strong_20_Emphasis\">" + odfText(b.text) + "</text:span></text:p>";
    case DocumentBlock::Kind::Numbered:
        return "<text:p text:style-name=\"Numbered_20_paragraph\">" + std::to_string(b.number) + ".<text:tab/>" +
               inner + odfText(b.text) + "</text:p>";
    case DocumentBlock::Kind::Bullet:
        return "<text:p text:style-name=\"List_20_Bullet\">\xE2\x80\xA2<text:tab/>" + inner + odfText(b.text) +
               "</text:p>";
    }
    return {};
}

std::string odtContent(const DocumentContent& c)
{
    std::string body;
    for (const auto& b : c.blocks)
        body += odtParagraph(b);
    return std::string(kXmlDecl) + "<office:document-content" + kOdfNamespaces + "><office:body><office:text>" + body +
           "</office:text></office:body></office:document-content>";
}

std::string odtStyles(const std::string& language)
{
    const auto dash = language.find('-');
    const std::string lang = text::escapeXml(language.substr(0, dash));
    const std::string country = dash == std::string::npos ? std::string() : text::escapeXml(language.substr(dash + 1));
    auto paragraphStyle = [](const char* name, const char* display, const char* cls, const std::string& para,
                             const std::string& textProps, int outline = 0) {
        return std::string("<style:style style:name=\"") + name + "\" style:display-name=\"" + display +
               "\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"" + cls + "\"" +
               (outline ? " style:default-outline-level=\"" + std::to_string(outline) + "\"" : std::string()) + ">" +
               (para.empty() ? std::string() : "<style:paragraph-properties " + para + "/>") +
               (textProps.empty() ? std::string() : "<style:text-properties " + textProps + "/>") + "</style:style>";
    };
    // The number or bullet, a tab, then the text aligned at 1 cm.
    const std::string hanging = "fo:margin-left=\"1cm\" fo:text-indent=\"-1cm\"><style:tab-stops><style:tab-stop "
                                "style:position=\"0cm\"/></style:tab-stops></style:paragraph-properties";
    auto hangingStyle = [&](const char* name, const char* display) {
        return std::string("<style:style style:name=\"") + name + "\" style:display-name=\"" + display +
               "\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\" style:class=\"list\">"
               "<style:paragraph-properties " +
               hanging + "></style:style>";
    };
    return std::string(kXmlDecl) + "<office:document-styles" + kOdfNamespaces +
           "><office:font-face-decls><style:font-face style:name=\"Arial\" svg:font-family=\"Arial\" "
           "style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/></office:font-face-decls>"
           "<office:styles><style:default-style style:family=\"paragraph\"><style:paragraph-properties "
           "fo:margin-top=\"0cm\" fo:margin-bottom=\"0.28cm\" fo:line-height=\"120%\"/><style:text-properties "
           "style:font-name=\"Arial\" fo:font-size=\"12pt\" fo:language=\"" +
           lang + "\" fo:country=\"" + country +
           "\"/></style:default-style>"
           "<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>" +
           paragraphStyle("Text_20_body", "Text body", "text", "", "") +
           paragraphStyle("Title", "Title", "chapter", "fo:margin-bottom=\"0.42cm\"",
                          "fo:font-size=\"20pt\" fo:font-weight=\"bold\"") +
           paragraphStyle("Heading_20_1", "Heading 1", "text",
                          "fo:margin-top=\"0.63cm\" fo:margin-bottom=\"0.21cm\" fo:keep-with-next=\"always\"",
                          "fo:font-size=\"16pt\" fo:font-weight=\"bold\"", 1) +
           paragraphStyle("Heading_20_2", "Heading 2", "text",
                          "fo:margin-top=\"0.42cm\" fo:margin-bottom=\"0.21cm\" fo:keep-with-next=\"always\"",
                          "fo:font-size=\"14pt\" fo:font-weight=\"bold\"", 2) +
           hangingStyle("Numbered_20_paragraph", "Numbered paragraph") + hangingStyle("List_20_Bullet", "List Bullet") +
           "<style:style style:name=\"Strong_20_Emphasis\" style:display-name=\"Strong Emphasis\" "
           "style:family=\"text\"><style:text-properties fo:font-weight=\"bold\"/></style:style>"
           "</office:styles><office:automatic-styles><style:page-layout "
           "style:name=\"A4\"><style:page-layout-properties "
           "fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" "
           "fo:margin-top=\"2.5cm\" fo:margin-bottom=\"2.5cm\" fo:margin-left=\"2.5cm\" fo:margin-right=\"2.5cm\"/>"
           "</style:page-layout></office:automatic-styles><office:master-styles><style:master-page "
           "style:name=\"Standard\" style:page-layout-name=\"A4\"/></office:master-styles></office:document-styles>";
}

std::string odtMeta(const DocumentContent& c)
{
    const std::string when = c.date + "T00:00:00";
    return std::string(kXmlDecl) + "<office:document-meta" + kOdfNamespaces +
           "><office:meta><meta:generator>Evidence Desk</meta:generator><dc:title>" + text::escapeXml(c.title) +
           "</dc:title><meta:initial-creator>" + text::escapeXml(c.author) + "</meta:initial-creator><dc:creator>" +
           text::escapeXml(c.author) + "</dc:creator><meta:creation-date>" + when + "</meta:creation-date><dc:date>" +
           when + "</dc:date><dc:language>" + text::escapeXml(c.language) +
           "</dc:language></office:meta></office:document-meta>";
}

// ---------------------------------------------------------------------------------------------------
// The zip, built in memory

struct Member
{
    std::string name;
    std::string data;
    bool stored = false; ///< uncompressed (ODF's mimetype must be)
};

[[noreturn]] void zipFailed(const char* what, zip_error_t* error)
{
    throw Error(std::string("cannot build the document (") + what + "): " + zip_error_strerror(error));
}

// The zip format keeps local time: the time whose local fields are @p date at noon gives the same fields
// in every time zone (noon: no daylight-saving change happens then).
std::time_t memberTime(const std::string& date)
{
    std::tm tm{};
    int y = 1980, m = 1, d = 1;
    if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1980 || y > 2107)
        y = 1980, m = 1, d = 1;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    return std::mktime(&tm);
}

std::string zipMembers(const std::vector<Member>& members, const std::string& date)
{
    struct SourceFree
    {
        void operator()(zip_source_t* s) const { zip_source_free(s); }
    };
    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer)
        zipFailed("buffer", &error);
    zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    if (!archive)
        zipFailed("open", &error);
    zip_source_keep(buffer.get()); // the archive lets go of it on close; the bytes are read from it after
    const std::time_t when = memberTime(date);
    for (const auto& m : members) {
        zip_source_t* source = zip_source_buffer(archive, m.data.data(), m.data.size(), 0);
        const zip_int64_t index =
            source ? zip_file_add(archive, m.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
        if (index < 0) {
            if (source)
                zip_source_free(source);
            zip_discard(archive);
            throw Error("cannot build the document: cannot add " + m.name);
        }
        const auto i = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(archive, i, m.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
            zip_file_set_mtime(archive, i, when, 0) != 0) {
            zip_discard(archive);
            throw Error("cannot build the document: cannot set " + m.name + "'s compression or time");
        }
    }
    if (zip_close(archive) != 0) {
        const std::string why = zip_strerror(archive);
        zip_discard(archive);
        throw Error("cannot build the document: " + why);
    }
    std::string bytes;
    if (zip_source_open(buffer.get()) != 0)
        zipFailed("read", zip_source_error(buffer.get()));
    char piece[1 << 16];
    for (zip_int64_t got; (got = zip_source_read(buffer.get(), piece, sizeof piece)) > 0;)
        bytes.append(piece, static_cast<std::size_t>(got));
    zip_source_close(buffer.get());
    return bytes;
}

} // namespace

DocumentFormat documentFormatOf(const std::filesystem::path& file)
{
    const std::string ext = text::toLowerAscii(platform::utf8(file.extension()));
    if (ext == ".docx")
        return DocumentFormat::Docx;
    if (ext == ".odt")
        return DocumentFormat::Odt;
    throw FileError(platform::utf8(file) +
                    ": a response document is written as .docx (Word) or .odt (OpenDocument Text); "
                    "give a file name ending in one of those");
}

std::string renderDocument(const DocumentContent& content, DocumentFormat format)
{
    std::vector<Member> members;
    if (format == DocumentFormat::Docx) {
        members.push_back(
            {"[Content_Types].xml",
             std::string(kXmlDecl) +
                 "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
                 "Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                 "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override "
                 "PartName=\"/word/document.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                 "<Override PartName=\"/word/styles.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
                 "<Override PartName=\"/docProps/core.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override "
                 "PartName=\"/docProps/app.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"});
        members.push_back(
            {"_rels/.rels",
             std::string(kXmlDecl) +
                 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                 "<Relationship Id=\"rId1\" "
                 "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                 "Target=\"word/document.xml\"/><Relationship Id=\"rId2\" "
                 "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
                 "Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" "
                 "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
                 "Target=\"docProps/app.xml\"/></Relationships>"});
        members.push_back(
            {"docProps/core.xml",
             std::string(kXmlDecl) +
                 "<cp:coreProperties "
                 "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>" +
                 text::escapeXml(content.title) + "</dc:title><dc:creator>" + text::escapeXml(content.author) +
                 "</dc:creator><dc:language>" + text::escapeXml(content.language) +
                 "</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">" + isoTime(content.date) +
                 "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + isoTime(content.date) +
                 "</dcterms:modified></cp:coreProperties>"});
        members.push_back({"docProps/app.xml",
                           std::string(kXmlDecl) +
                               "<Properties "
                               "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                               "<Application>Evidence Desk</Application></Properties>"});
        members.push_back({"word/_rels/document.xml.rels",
                           std::string(kXmlDecl) +
                               "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                               "<Relationship Id=\"rId1\" "
                               "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
                               "Target=\"styles.xml\"/></Relationships>"});
        members.push_back({"word/document.xml", docxDocument(content)});
        members.push_back({"word/styles.xml", docxStyles(content.language)});
    } else {
        members.push_back({"mimetype", "application/vnd.oasis.opendocument.text", true});
        members.push_back(
            {"META-INF/manifest.xml",
             std::string(kXmlDecl) +
                 "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
                 "manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" "
                 "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry "
                 "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/><manifest:file-entry "
                 "manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/><manifest:file-entry "
                 "manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>"});
        members.push_back({"content.xml", odtContent(content)});
        members.push_back({"styles.xml", odtStyles(content.language)});
        members.push_back({"meta.xml", odtMeta(content)});
    }
    return zipMembers(members, content.date);
}

} // namespace evidence::app
