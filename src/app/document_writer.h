#pragma once
/// @file document_writer.h
/// @brief Writes a response document, given as a plain list of blocks, as Word (.docx, Office Open XML) or
/// OpenDocument Text (.odt): the XML of each format written here and zipped with libzip.
///
/// The same blocks give the same bytes: every member has a fixed time (the document's own date), members go
/// in a fixed order, and nothing reads the clock.

#include <filesystem>
#include <string>
#include <vector>

namespace evidence::app {

/// One paragraph of a response document.
struct DocumentBlock
{
    /// How a paragraph is laid out.
    enum class Kind {
        Title,      ///< the document's heading, once, first
        Heading,    ///< a section (Heading 1)
        Subheading, ///< a question or a case study (Heading 2)
        Body,       ///< an unnumbered paragraph
        Emphasis,   ///< an unnumbered paragraph in bold (the confidentiality statement)
        Numbered,   ///< a numbered paragraph; number holds its number
        Bullet      ///< an item of a bulleted list
    };
    /// How the paragraph is laid out, and its text.
    Kind kind = Kind::Body;
    std::string text;
    int number = 0;    ///< Numbered: the paragraph's number, written before its text
    std::string label; ///< optional bold words before the text, e.g. "Our answer:"
};

/// What a response document holds, ready to write.
struct DocumentContent
{
    std::string title;    ///< the document property (and Title block)
    std::string author;   ///< the organisation (document property)
    std::string language; ///< e.g. "en-GB"
    std::string date;     ///< YYYY-MM-DD: the document's date, used for every zip member's time
    /// The paragraphs in order.
    std::vector<DocumentBlock> blocks;
};

/// A response document's file format: Word (.docx) or OpenDocument (.odt).
enum class DocumentFormat { Docx, Odt };

/// The format named by @p file's extension (.docx or .odt, any case).
/// @throws FileError for any other extension, naming the ones accepted.
DocumentFormat documentFormatOf(const std::filesystem::path& file);

/// The whole file's bytes for @p content in @p format.
/// @throws Error when libzip fails (it should not: the zip is built in memory).
std::string renderDocument(const DocumentContent& content, DocumentFormat format);

} // namespace evidence::app
