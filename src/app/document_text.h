#pragma once
/// @file document_text.h
/// @brief Reads back the text a written .docx, .odt or .ods holds, for the anonymisation guard's re-read,
/// independently of the code that wrote it (LibreOffice writes the .ods).

#include "app/workbook_text.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace evidence::app {

/// Every paragraph (Word's w:p, OpenDocument's text:p and text:h, with their spans, links and line breaks),
/// every other element's text (document properties, chart titles, descriptions), the names of sheets and
/// other named objects, and the string literals of formulas, of a .docx or an OpenDocument file (.odt, .ods).
/// @throws FileError when the file is not a readable zip file.
std::vector<WorkbookText> readDocumentText(const std::filesystem::path& file);

/// readDocumentText() for a .docx or OpenDocument file, readWorkbookText() for an .xlsx: told apart by the
/// members the zip holds, not by the name (the guard reads a temporary file).
std::vector<WorkbookText> readSubmissionFileText(const std::filesystem::path& file);

/// readSubmissionFileText() a member at a time, as forEachWorkbookMember(); a document is one member.
/// @p prereading: as forEachWorkbookMember()'s, for a workbook.
void forEachSubmissionFileMember(const std::filesystem::path& file, const MemberTexts& onMember,
                                 WorkbookPrereading* prereading = nullptr);

/// What a written file is, for messages: "document" for a .docx or .odt (a response document), "workbook"
/// for an .xlsx or .ods; told apart by the members the zip holds, like readSubmissionFileText().
/// @throws FileError when the file is not a readable zip file.
std::string_view submissionFileNoun(const std::filesystem::path& file);

} // namespace evidence::app
