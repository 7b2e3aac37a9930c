#pragma once
/// @file workbook_writer.h
/// @brief Writes a WorkbookModel as an accessible .xlsx in the shape of UK official statistics.
///
/// Layout (docs/workbook.md): Cover, Contents, Notes, one table per sheet (statistics by area and period
/// per measure, change by area per unit, totals, breakdowns, breakdown summaries, case studies, responses, evidence
/// cited, sources, methodology), then an optional Charts sheet. Computed cells are formulas referring to
/// the cells they are computed from, stored with the trend engine's result; with valuesOnly they are plain
/// values. Everything is validated before the file is opened.
///
/// @code
/// evidence::xlsx::WriteOptions options;
/// options.valuesOnly = false;
/// evidence::xlsx::writeWorkbook(model, "/tmp/x.xlsx.part", options); // throws on any problem
/// @endcode

#include "core/errors.h"
#include "export/workbook_model.h"

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace evidence::xlsx {

/// The texts handed to WriteOptions::whileClosing are those of at least this many bytes: a workbook's long
/// texts (accounts, answers, notes) are few and hold most of its words.
inline constexpr std::size_t kLongTextBytes = 128;
/// ... and at most this many bytes of them in all: they are held while libxlsxwriter, which has its own copy,
/// writes the file (at size L the accounts alone are 72 MB).
inline constexpr std::size_t kLongTextsBudgetBytes = std::size_t{32} << 20;

/// A file libxlsxwriter is writing on another thread, for work that follows it as it grows.
struct FileBeingWritten
{
    std::filesystem::path path;         ///< the file
    const std::atomic<bool>* written{}; ///< becomes true once the file is written (or its writing failed)
    /// The members of it that the finished workbook takes, each with its name there; empty: every member,
    /// under its own name.
    std::vector<std::pair<std::string, std::string>> members;
};

/// Runs on the calling thread while another one has libxlsxwriter write and compress a file. Given the
/// texts of kLongTextBytes or more that the workbook's cells and lines will hold, as they are written, up to
/// kLongTextsBudgetBytes in all, and the files: the workbook, being written; or, when its largest tables are
/// written apart (WriteOptions::helperFile), the workbook, already written with placeholders for them, then
/// the helper file being written, whose members take the placeholders' places afterwards.
using WhileClosing =
    std::function<void(std::vector<std::string>&& longTexts, const std::vector<FileBeingWritten>& files)>;

/// The fewest cells a table needs to be written apart (WriteOptions::helperFile): a smaller one closes in a
/// few tens of milliseconds, little more than the second workbook and the join cost (the join alone took
/// 3.5 ms at size S, whose table written apart has 205,000 cells).
inline constexpr std::size_t kApartMinCells = 50000;

/// How to write.
struct WriteOptions
{
    bool valuesOnly = false; ///< plain values instead of formulas with cached results
    bool charts = true;      ///< add the Charts sheet
    /// Called after each step with the fraction done (0..1) and what was done.
    std::function<void(double fraction, const std::string& step)> progress;
    /// Checked between steps; when it becomes true, writeWorkbook() throws ExportCancelled.
    const std::atomic<bool>* cancel = nullptr;
    /// Tests only: called with the name of each step just before it runs (e.g. "sheet Table 3",
    /// "close"); may throw to simulate a failure half way.
    std::function<void(const std::string& step)> faultInjection;
    /// Runs while libxlsxwriter writes and compresses the file, which is most of a large export's time, on
    /// one core. Its error fails the write.
    WhileClosing whileClosing;
    /// Called once the layout is built and checked, before libxlsxwriter is given any cell. The model is
    /// not read after it, so the caller may free what it no longer needs.
    std::function<void()> afterLayout;
    /// A second file (created by the caller, beside the first, and removed by it afterwards) in which
    /// libxlsxwriter writes the workbook's largest tables, of kApartMinCells cells or more each, up to half
    /// its table cells, on another core while it writes the rest; those worksheets are then moved into the
    /// workbook, as compressed. Empty: the workbook is written in one piece.
    std::filesystem::path helperFile;
    /// Tests only: the fewest cells of a table written apart.
    std::size_t apartMinCells = kApartMinCells;
    /// Tests only: the workbook in one piece, its shared strings and formats numbered as they are when
    /// tables are written apart: what the joined file must equal, member for member.
    bool apartNumberingOnly = false;
};

/// The export was cancelled through WriteOptions::cancel.
class ExportCancelled : public Error
{
public:
    ExportCancelled() : Error("the export was cancelled") {}
};

/// Writes @p model to @p file (which it creates or overwrites; write to a temporary name and rename it).
/// @throws DataError listing every problem found before writing (names, headers, text that is not UTF-8 or
///         longer than 32,767 characters, non-finite numbers); FileError when the file cannot be written;
///         ExportCancelled; evidence::Error for other libxlsxwriter failures.
void writeWorkbook(const WorkbookModel& model, const std::filesystem::path& file, const WriteOptions& options = {});

/// The problems writeWorkbook() would refuse @p model for, without writing anything (empty when none).
std::vector<std::string> validateModel(const WorkbookModel& model, const WriteOptions& options = {});

/// The workbook title (cover A1 and the document title): what, where and when, with no dashes or
/// underscores, e.g. "Response to the Online Harms White Paper consultation: police recorded figures and
/// case studies, England, Wales and Northern Ireland, 2015/16 to 2018/19".
std::string workbookTitle(const WorkbookModel& model);

/// A file name following the Analysis Function's advice (lower case, hyphens, topic first, at most 60
/// characters before ".xlsx"), e.g. "online-harms-white-paper-consultation-response-evidence.xlsx".
std::string defaultFileName(const WorkbookModel& model);

/// The version of Evidence Desk that writes workbooks (the project version, e.g. "0.1.0").
std::string toolVersion();

} // namespace evidence::xlsx
