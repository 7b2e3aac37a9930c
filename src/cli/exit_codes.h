#pragma once
/// @file exit_codes.h
/// @brief evidence-cli's exit codes, one meaning each, for scripts.

namespace evidence::cli {

enum ExitCode : int {
    kOk = 0,            ///< success
    kUsage = 1,         ///< the command line is wrong (unknown option, missing argument)
    kBadData = 2,       ///< bad input data, or a file that cannot be read, written or is not a store
    kBlockFindings = 3, ///< `scan` found identifying details that block an export
    kNotReady = 4,      ///< `check` lists something that stops the export
    kBusy = 5,          ///< a command that writes found the store in use elsewhere; nothing was changed
    kConflicts = 6,     ///< `merge` found conflicts that have no choice; nothing was merged
};

} // namespace evidence::cli
