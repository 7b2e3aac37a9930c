#include "export/workbook_writer.h"

#include "builder.h"
#include "layout.h"
#include "xlsx_workbook.h"

#include <utility>

namespace evidence::xlsx {

std::string toolVersion()
{
    return EVIDENCE_VERSION;
}

std::vector<std::string> validateModel(const WorkbookModel& model, const WriteOptions& options)
{
    BuildResult built = buildLayout(model, options.valuesOnly, options.charts);
    auto problems = std::move(built.problems);
    for (auto& p : validate(built.layout))
        problems.push_back(std::move(p));
    return problems;
}

void writeWorkbook(const WorkbookModel& model, const std::filesystem::path& file, const WriteOptions& options)
{
    auto progress = [&](double fraction, const std::string& step) {
        if (options.progress)
            options.progress(fraction, step);
    };
    auto checkCancel = [&] {
        if (options.cancel && options.cancel->load())
            throw ExportCancelled();
    };
    checkCancel();
    if (options.faultInjection)
        options.faultInjection("layout");
    BuildResult built = buildLayout(model, options.valuesOnly, options.charts);
    auto problems = std::move(built.problems);
    for (auto& p : validate(built.layout))
        problems.push_back(std::move(p));
    if (!problems.empty())
        throw DataError(problems);
    progress(0.1, "checked the workbook's content");
    if (options.afterLayout)
        options.afterLayout();
    checkCancel();

    NumericLocaleGuard cNumbers;
    render(
        std::move(built.layout), file, options.valuesOnly,
        [&](const std::string& step, std::size_t index, std::size_t count) {
            checkCancel();
            if (options.faultInjection)
                options.faultInjection(step);
            progress(0.1 + 0.9 * static_cast<double>(index) / static_cast<double>(count), step);
        },
        options.whileClosing, WrittenApart{options.helperFile, options.apartMinCells, options.apartNumberingOnly});
    progress(1.0, "wrote the workbook");
}

} // namespace evidence::xlsx
