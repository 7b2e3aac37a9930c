// evidence-cli: every capability of Evidence Desk for scripts and tests.

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/errors.h"
#include "core/platform.h"

#include <algorithm>
#include <clocale>
#include <iostream>

int main(int argc, char** argv)
{
    evidence::platform::configureAllocator();
    // Numbers written to files must not follow a decimal-comma locale.
    std::setlocale(LC_ALL, "C.UTF-8");
    evidence::platform::useUtf8Console();
    using namespace evidence::cli;
    CLI::App app{"Evidence Desk command line: build, check and export the evidence for a consultation response.\n"
                 "Every command takes the store first: evidence-cli COMMAND STORE [ARGUMENTS] [OPTIONS]",
                 "evidence-cli"};
    app.set_version_flag("--version", std::string("evidence-cli ") + EVIDENCE_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);
    Io io{std::cout, std::cerr};
    const auto commands = addAllCommands(app, io);
    try {
        // CLI11 takes the arguments last first.
        auto arguments = evidence::platform::programArguments(argc, argv);
        std::reverse(arguments.begin(), arguments.end());
        app.parse(std::move(arguments));
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kUsage;
    }
    for (const auto& command : commands) {
        if (!command.parser->parsed())
            continue;
        try {
            return command.run();
        } catch (const CLI::ParseError& e) {
            std::cerr << "evidence-cli " << command.parser->get_name() << ": " << e.what() << '\n';
            return kUsage;
        } catch (const evidence::BusyError& e) {
            std::cerr << "evidence-cli " << command.parser->get_name() << ": " << e.what() << '\n';
            return kBusy;
        } catch (const evidence::DataError& e) {
            for (const auto& p : e.problems())
                std::cerr << p << '\n';
            return kBadData;
        } catch (const evidence::Error& e) {
            std::cerr << "evidence-cli " << command.parser->get_name() << ": " << e.what() << '\n';
            return kBadData;
        } catch (const std::exception& e) {
            std::cerr << "evidence-cli " << command.parser->get_name() << ": unexpected error: " << e.what() << '\n';
            return kBadData;
        }
    }
    return kUsage;
}
