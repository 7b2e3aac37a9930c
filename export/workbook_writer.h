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
#include <vector>

namespace evidence::xlsx {

/// The texts handed to WriteOptions::whileClosing are those of at least this many bytes: a workbook's long
/// texts (accounts, answers, notes) are few and hold most of its words.
inline constexpr std::size_t kLongTextBytes = 128;
/// ... and at most this many bytes of them in all: they are held while libxlsxwriter, which has its own copy,
/// writes the file (at size L the accounts alone are 72 MB).
inline constexpr std::size_t kLongTextsBudgetBytes = std::size_t{32} << 20;

/// Runs on the calling thread while another one has libxlsxwriter write and compress the file. Given the
/// texts of kLongTextBytes or more that the file's cells and lines will hold, as they are written, up to
/// kLongTextsBudgetBytes in all, and a flag that becomes true once the file is written (or its writing
/// failed), for work that follows the file as it grows.
using WhileClosing = std::function<void(std::vector<std::string>&& longTexts, const std::atomic<bool>& written)>;

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
