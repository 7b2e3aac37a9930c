#pragma once
/// @file ods_export.h
/// @brief The workbook as OpenDocument (.ods): exported as .xlsx with the whole gate, converted by
/// LibreOffice where it is installed, and re-read by the anonymisation guard before it replaces the target.

#include "app/export_job.h"

#include <filesystem>

namespace evidence::app {

/// LibreOffice's soffice: $EVIDENCE_SOFFICE when set (a path; one that does not exist means "not installed"),
/// else soffice or libreoffice on the PATH, else /usr/lib/libreoffice/program/soffice. Empty when none exists.
std::filesystem::path findSoffice();

/// Writes the submission's workbook to @p target as .ods. The .xlsx is exported by exportWorkbook() (same
/// gate, same re-read) into a private folder, converted there by LibreOffice with a profile of its own (so it
/// works while the user has LibreOffice open), and the .ods's text is re-read by options.postWriteScan before
/// it is copied beside the target (0600) and renamed into place. Refused or cancelled: nothing is written.
/// @throws FileError when LibreOffice is not installed or its conversion fails (nothing is written), and as
///         exportWorkbook().
ExportReport exportOds(db::Store& store, const std::filesystem::path& target, const ExportOptions& options);

} // namespace evidence::app
