#pragma once
// A small workbook of text written with libxlsxwriter, for the tests of the re-read of a written workbook.

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <initializer_list>
#include <xlsxwriter.h>

namespace evidence::test {

/// Writes @p file with one worksheet, @p sheet, whose column A holds @p lines, one a row from the first.
inline void writeTextWorkbook(const std::filesystem::path& file, const char* sheet,
                              std::initializer_list<const char*> lines)
{
    lxw_workbook* wb = workbook_new(file.c_str());
    BOOST_REQUIRE(wb);
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet);
    lxw_row_t row = 0;
    for (const char* line : lines)
        worksheet_write_string(ws, row++, 0, line, nullptr);
    BOOST_REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
}

} // namespace evidence::test
