#pragma once
/// @file resources.h
/// @brief Start-up shared by the application, its tests and the benchmark.

#include <wx/string.h>

namespace evidence::gui {

/// Registers every XRC handler (including wxStyledTextCtrl's) and the forms compiled into the binary.
/// Safe to call more than once.
void initResources();

/// The folder where new stores go by default: the user's Documents folder, "Evidence Desk".
wxString defaultStoreFolder();

/// The file name pattern of stores for file dialogs.
inline constexpr const char* kStoreWildcard = "Evidence stores (*.evidence)|*.evidence|All files|*";

} // namespace evidence::gui
