#pragma once
/// @file importer.h
/// @brief Strict CSV import of observations and case studies into a store.
///
/// A file is one transaction: every row is validated, every problem is reported (as
/// `file.csv:LINE: column 'name' value 'v': reason`), and one bad row means nothing is imported.

#include "db/store.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>

namespace evidence::app {

/// How to import a file (importCsv()).
struct ImportOptions
{
    bool createMissing = false; ///< create unknown measures and sources instead of refusing them
    bool replace = false;       ///< replace existing records with the same identity instead of refusing them
    bool dryRun = false;        ///< validate only; write nothing
    /// Consultation whose question numbers a case study's `questions` column uses (0 = the only one).
    RowId consultationId = 0;
    /// Called on the importing thread every few hundred rows, and once the rows are all read, with the rows
    /// read so far and the file's rows (counted from its line ends: fields that hold line breaks make it an
    /// upper bound). For a progress dialog.
    std::function<void(std::size_t rowsDone, std::size_t rowsTotal)> progress;
    /// Set to true from another thread to cancel: the import then stops at the next row, writes nothing and
    /// throws CancelledError.
    const std::atomic<bool>* cancel = nullptr;
};

/// What an import file holds, recognised from its header.
enum class ImportKind { Observations, CaseStudies };

/// The columns of a case-study CSV file, in the order the file's header gives them.
const std::vector<std::string>& caseStudyColumns();

/// What an import did (or, for a dry run, would do).
struct ImportReport
{
    /// What the file held.
    ImportKind kind = ImportKind::Observations;
    /// Data rows read, and of them those added and those that replaced a record with the same identity.
    std::size_t rows = 0;
    std::size_t inserted = 0;
    std::size_t replaced = 0;
    /// Names of the measures and titles of the sources the import created (ImportOptions::createMissing).
    std::vector<std::string> createdMeasures;
    std::vector<std::string> createdSources;
    /// Whether nothing was written (ImportOptions::dryRun).
    bool dryRun = false;
};

/// Imports @p file, recognising observations or case studies from its header.
/// @throws DataError listing every problem (nothing is written); FileError if unreadable; CancelledError when
///         cancelled through ImportOptions::cancel (nothing is written).
ImportReport importCsv(db::Store& store, const std::filesystem::path& file, const ImportOptions& options);

/// As importCsv() over text held in memory, named @p displayName in messages (for previews and tests).
ImportReport importCsvText(db::Store& store, std::string data, const std::string& displayName,
                           const ImportOptions& options);

/// One-line summary, e.g. "Imported 14 observations (2 replaced) from observations.csv."
std::string describe(const ImportReport& report, const std::string& fileName);

} // namespace evidence::app
