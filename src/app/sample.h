#pragma once
/// @file sample.h
/// @brief The embedded sample submission: 2019 NSPCC figures and four case studies.

#include "db/store.h"

#include <filesystem>

namespace evidence::app {

/// Creates a new store at @p path holding the sample submission (see src/app/sample/README.md).
/// @throws FileError if @p path exists.
db::Store createSampleStore(const std::filesystem::path& path, db::StoreOptions options = {});

/// Adds the sample submission to an open store (one transaction).
void addSampleSubmission(db::Store& store);

} // namespace evidence::app
