#include "core/errors.h"

namespace evidence {
namespace {

std::string joinProblems(const std::vector<std::string>& problems)
{
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty())
            out += '\n';
        out += p;
    }
    return out;
}

} // namespace

DataError::DataError(std::vector<std::string> problems) : Error(joinProblems(problems)), m_problems(std::move(problems))
{
}

} // namespace evidence
