#include "core/trends/methodology.h"

namespace evidence {

std::string_view methodologyText()
{
    for (const auto& file : methodology::embeddedFiles())
        if (file.name == "methodology.md")
            return file.data;
    return "The methodology text is missing from this build.";
}

} // namespace evidence
