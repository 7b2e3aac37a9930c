#pragma once
/// @file errors.h
/// @brief The one exception family of the core, db and export libraries.
///
/// Only the shells (CLI, GUI) catch these; they map them to exit codes and messages.

#include <stdexcept>
#include <string>
#include <vector>

namespace evidence {

/// Base of every error Evidence Desk raises on purpose. The message is a sentence a user can act on.
class Error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Input data was rejected (a CSV row, a typed value, a period). Carries every problem found,
/// each already formatted as `file:LINE: column 'name' value 'v': reason` or a similar sentence.
class DataError : public Error
{
public:
    /// Every problem found, each a sentence as the class comment says; the message joins them, one a line.
    explicit DataError(std::vector<std::string> problems);
    /// One problem.
    explicit DataError(const std::string& problem) : DataError(std::vector<std::string>{problem}) {}

    /// All problems, in input order.
    const std::vector<std::string>& problems() const noexcept { return m_problems; }

private:
    std::vector<std::string> m_problems;
};

/// The record's identity (e.g. a figure's measure, area, period, breakdown and source) is already
/// in the store: a caller may look up what it clashes with to say more.
class DuplicateError : public DataError
{
public:
    using DataError::DataError;
};

/// A file could not be opened, read, written or is not what it should be.
class FileError : public Error
{
public:
    /// @p message says what failed; @p errorNumber is the errno of the system call that failed (ENOSPC for a
    /// full disk), or 0 when none is known. It travels with the exception, so that whichever thread catches
    /// it can say why, whatever that thread's own errno holds.
    explicit FileError(const std::string& message, int errorNumber = 0) : Error(message), m_errorNumber(errorNumber) {}

    /// The errno of the failed call, 0 when none is known.
    int errorNumber() const noexcept { return m_errorNumber; }

private:
    int m_errorNumber = 0;
};

/// The store is locked by another process past the busy timeout.
class BusyError : public FileError
{
public:
    using FileError::FileError;
};

/// A lookup found nothing (unknown reference, id or name).
class NotFoundError : public Error
{
public:
    using Error::Error;
};

/// A long task (an import) was cancelled by the person who started it; it changed nothing.
class CancelledError : public Error
{
public:
    using Error::Error;
};

} // namespace evidence
