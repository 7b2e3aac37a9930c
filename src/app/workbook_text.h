#pragma once
/// @file workbook_text.h
/// @brief Reads back every piece of text a written .xlsx file holds, independently of the code that wrote it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evidence::app {

/// One text found in a workbook and where.
struct WorkbookText
{
    std::string part;  ///< the zip member, e.g. "xl/sharedStrings.xml"
    std::string where; ///< what it is: "text cell", "sheet name", "table name", "alt text", "property", ...
    /// The text, with XML's entities decoded (as a spreadsheet shows it).
    std::string text;
};

/// Unzips @p xlsx and collects shared and inline strings, formula string literals' cached values,
/// sheet names, defined and table names, table headers, chart and drawing text and alt text, and
/// document and custom properties. A worksheet whose bytes cannot spell a text cell, an inline string or a
/// header or footer (numbers and shared-string indexes only) is not parsed.
/// @throws FileError when the file is not a readable .xlsx (zip) file.
std::vector<WorkbookText> readWorkbookText(const std::filesystem::path& xlsx);

/// Receives the texts of one member of a file and the member's place in the file's order.
using MemberTexts = std::function<void(std::size_t member, std::vector<WorkbookText>&& texts)>;

/// The members of a workbook that followWrittenWorkbook() read while the file was still being written, each
/// with what the finished file's directory must say of it for its texts to be those of the finished file.
struct WorkbookPrereading
{
    /// One member read.
    struct Member
    {
        std::string name;                 ///< the zip member, e.g. "xl/sharedStrings.xml"
        std::uint64_t compressedSize = 0; ///< as stored in the file
        std::uint64_t size = 0;           ///< inflated
        std::uint32_t crc32 = 0;          ///< of the inflated bytes, computed as they were read
        bool used = false;                ///< handed over by forEachWorkbookMember()
        std::vector<WorkbookText> texts;  ///< as readWorkbookText() finds them in the member
    };
    std::vector<Member> members; ///< in the file's order
};

/// Reads, as readWorkbookText() would, each member of @p xlsx that libxlsxwriter has finished while it goes on
/// writing the file (on another thread), until @p writerDone is set; the rest is left to
/// forEachWorkbookMember() once the file is complete. A file already written when this is called (@p writerDone
/// set) is read whole, for a caller that waits on another file meanwhile. Members whose texts would take the total over
/// @p textBudgetBytes are left too. Never fails: whatever cannot be read here (the file not there yet, a
/// record this reader does not expect) is read from the finished file.
/// @p onRead, when set, is given each member as soon as it is read. @p members, when not empty, are the only
/// members read, each with the name it is given (that of the workbook it is moved into).
WorkbookPrereading followWrittenWorkbook(const std::filesystem::path& xlsx, const std::atomic<bool>& writerDone,
                                         std::size_t textBudgetBytes,
                                         const std::function<void(const WorkbookPrereading::Member&)>& onRead = {},
                                         const std::vector<std::pair<std::string, std::string>>& members = {});

/// What readWorkbookText() reads, handed over a member at a time: @p onMember gets each member's texts as
/// soon as it is read, on the thread that read it (members are read on every core, the largest first). It
/// may be called from several threads at once. A member of @p prereading (followWrittenWorkbook() of the same
/// file) is not read again when the finished file's directory gives it the same name, sizes and CRC-32 as
/// the bytes that were read; its texts are handed over (moved) instead.
/// @throws FileError as readWorkbookText(), or what @p onMember throws.
void forEachWorkbookMember(const std::filesystem::path& xlsx, const MemberTexts& onMember,
                           WorkbookPrereading* prereading = nullptr);

namespace detail {
/// Whether a worksheet part's bytes can spell what readWorkbookText() keeps: "str" or "Str", "&#", "<!",
/// "<is" or ":is", "Header", "Footer" or a NUL byte. When false the part need not be parsed.
bool sheetMayHoldText(std::string_view xml);
} // namespace detail

} // namespace evidence::app
