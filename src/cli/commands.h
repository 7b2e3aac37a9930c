#pragma once
/// @file commands.h
/// @brief evidence-cli's verbs. Each registers its options on the parser and returns the code to run.

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>
#include <vector>

namespace evidence::cli {

/// A registered verb: its parser node and what to run when it was the one given.
struct Command
{
    CLI::App* parser = nullptr;
    std::function<int()> run;
};

/// Where commands write (streams are injectable for in-process tests).
struct Io
{
    std::ostream& out;
    std::ostream& err;
};

Command addInitCommand(CLI::App& app, Io io);
Command addSampleCommand(CLI::App& app, Io io);
Command addImportCommand(CLI::App& app, Io io);
Command addListCommand(CLI::App& app, Io io);
Command addShowCommand(CLI::App& app, Io io);
Command addAuditCommand(CLI::App& app, Io io);
Command addTrendsCommand(CLI::App& app, Io io);
Command addScanCommand(CLI::App& app, Io io);
Command addReviewCommand(CLI::App& app, Io io);
Command addAcknowledgeCommand(CLI::App& app, Io io);
Command addExportCommand(CLI::App& app, Io io);
Command addCheckCommand(CLI::App& app, Io io);
Command addSetFigureCommand(CLI::App& app, Io io);
Command addSetCaseStudyCommand(CLI::App& app, Io io);
Command addSetSubmissionCommand(CLI::App& app, Io io);
Command addDocumentCommand(CLI::App& app, Io io);
Command addProfileCommand(CLI::App& app, Io io);
Command addMergeCommand(CLI::App& app, Io io);
Command addAddCommand(CLI::App& app, Io io);
Command addSetCommand(CLI::App& app, Io io);
Command addDeleteCommand(CLI::App& app, Io io);
Command addIncludeCommand(CLI::App& app, Io io);
Command addExcludeCommand(CLI::App& app, Io io);
Command addAnswerCommand(CLI::App& app, Io io);
Command addCiteCommand(CLI::App& app, Io io);
Command addPointCommand(CLI::App& app, Io io);

/// Registers every verb of evidence-cli on @p app.
std::vector<Command> addAllCommands(CLI::App& app, Io io);

} // namespace evidence::cli
