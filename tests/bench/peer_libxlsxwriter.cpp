// Export peer: replays a workbook dump (workbook_dump.h) with bare libxlsxwriter calls: no store, no model,
// no layout, no checks beyond the return codes. The practical limit of an exporter built on libxlsxwriter.
//
// Usage: evidence-bench-peer DUMP OUT.xlsx
//        evidence-bench-peer --numbers N OUT.xlsx
// Prints "seconds S" and "cpu S" (wall and processor time from workbook_new to workbook_close, the dump
// already parsed) and "cells N".
//
// --numbers writes N number cells and nothing else (no text, formats, formulas or tables) in the same
// in-memory mode: the least time and memory libxlsxwriter needs for a workbook of that many cells, under
// which no exporter built on it can go.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <xlsxwriter.h>

namespace {

struct Record
{
    char kind = 0;
    long a = 0, b = 0, c = 0, d = 0;
    double number = 0;
    std::vector<std::string> s;
};

std::string unescape(const std::string& in)
{
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\\' && i + 1 < in.size()) {
            const char e = in[++i];
            out += e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
        } else {
            out += in[i];
        }
    }
    return out;
}

std::vector<Record> load(const char* path)
{
    std::ifstream in(path);
    std::vector<Record> records;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (;;) {
            const auto tab = line.find('\t', start);
            f.push_back(unescape(line.substr(start, tab - start)));
            if (tab == std::string::npos)
                break;
            start = tab + 1;
        }
        Record r;
        r.kind = f[0][0];
        auto num = [&](std::size_t i) { return i < f.size() ? std::atol(f[i].c_str()) : 0L; };
        switch (r.kind) {
        case 'C':
            r.a = num(1);
            r.b = num(2);
            r.c = num(3);
            r.d = f[4][0];
            if (r.d == 'n' || r.d == 'f')
                r.number = std::strtod(f[5].c_str(), nullptr);
            r.s = {f.size() > 5 ? f[5] : "", f.size() > 6 ? f[6] : ""};
            break;
        case 'R':
            r.a = num(1);
            r.number = std::strtod(f[2].c_str(), nullptr);
            break;
        case 'W':
            r.a = num(1);
            r.b = num(2);
            r.number = std::strtod(f[3].c_str(), nullptr);
            break;
        case 'T':
            r.a = num(1);
            r.b = num(2);
            r.c = num(3);
            r.d = num(4);
            r.s = {f[5]};
            break;
        case 'H':
            r.a = num(2);
            r.s = {f[1]};
            break;
        default:
            r.s.assign(f.begin() + 1, f.end());
        }
        records.push_back(std::move(r));
    }
    return records;
}

lxw_format* makeFormat(lxw_workbook* wb, const std::vector<std::string>& x)
{
    // x: id size bold underline rgb halign valign wrap indent numfmt font
    lxw_format* f = workbook_add_format(wb);
    format_set_font_name(f, x[10].c_str());
    format_set_font_size(f, std::strtod(x[1].c_str(), nullptr));
    if (x[2] == "1")
        format_set_bold(f);
    if (x[3] == "1")
        format_set_underline(f, LXW_UNDERLINE_SINGLE);
    if (x[4] != "-")
        format_set_font_color(f, static_cast<lxw_color_t>(std::strtol(x[4].c_str(), nullptr, 16)));
    if (x[5] == "left")
        format_set_align(f, LXW_ALIGN_LEFT);
    else if (x[5] == "right")
        format_set_align(f, LXW_ALIGN_RIGHT);
    if (x[6] == "top")
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    else if (x[6] == "bottom")
        format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
    if (x[7] == "1")
        format_set_text_wrap(f);
    if (x[8] != "0")
        format_set_indent(f, static_cast<uint8_t>(std::atoi(x[8].c_str())));
    if (x[9] != "-")
        format_set_num_format(f, x[9].c_str());
    return f;
}

/// Closes the workbook, prints the times since @p start and @p cpuStart, and returns the exit status.
int closeAndReport(lxw_workbook* wb, int errors, std::chrono::steady_clock::time_point start, std::clock_t cpuStart,
                   std::size_t cells)
{
    errors += workbook_close(wb) != LXW_NO_ERROR;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    std::printf("seconds %.6f\ncpu %.6f\ncells %zu\n", seconds, cpu, cells);
    if (errors)
        std::fprintf(stderr, "evidence-bench-peer: %d libxlsxwriter calls failed\n", errors);
    return errors ? 2 : 0;
}

/// Ten cells to a row, as in a wide table.
int writeNumbers(std::size_t cells, const char* out)
{
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(out, &options);
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    int errors = 0;
    constexpr std::size_t kColumns = 10;
    for (std::size_t i = 0; i < cells; ++i)
        errors += worksheet_write_number(ws, static_cast<lxw_row_t>(i / kColumns), static_cast<lxw_col_t>(i % kColumns),
                                         static_cast<double>(i), nullptr) != 0;
    return closeAndReport(wb, errors, start, cpuStart, cells);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4 && std::string(argv[1]) == "--numbers")
        return writeNumbers(std::strtoull(argv[2], nullptr, 10), argv[3]);
    if (argc != 3) {
        std::fprintf(stderr,
                     "usage: evidence-bench-peer DUMP OUT.xlsx\n       evidence-bench-peer --numbers N OUT.xlsx\n");
        return 1;
    }
    const std::vector<Record> records = load(argv[1]);
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE; // tables need the in-memory mode, as in our exporter
    lxw_workbook* wb = workbook_new_opt(argv[2], &options);
    std::vector<lxw_format*> formats;
    lxw_worksheet* ws = nullptr;
    const Record* table = nullptr;
    std::vector<lxw_table_column> columns;
    std::size_t cells = 0;
    int errors = 0;
    auto flushTable = [&] {
        std::vector<lxw_table_column*> pointers;
        for (auto& c : columns)
            pointers.push_back(&c);
        pointers.push_back(nullptr);
        lxw_table_options o{};
        o.name = const_cast<char*>(table->s[0].c_str());
        o.no_autofilter = LXW_TRUE;
        o.no_banded_rows = LXW_TRUE;
        o.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
        o.style_type_number = 0;
        o.columns = pointers.data();
        errors += worksheet_add_table(ws, static_cast<lxw_row_t>(table->a), static_cast<lxw_col_t>(table->b),
                                      static_cast<lxw_row_t>(table->c), static_cast<lxw_col_t>(table->d), &o) != 0;
        table = nullptr;
        columns.clear();
    };
    for (const Record& r : records) {
        if (r.kind != 'H' && table)
            flushTable();
        const auto row = static_cast<lxw_row_t>(r.a);
        const auto col = static_cast<lxw_col_t>(r.b);
        switch (r.kind) {
        case 'C': {
            lxw_format* f = formats[static_cast<std::size_t>(r.c)];
            lxw_error e = LXW_NO_ERROR;
            switch (r.d) {
            case 's':
                e = worksheet_write_string(ws, row, col, r.s[0].c_str(), f);
                break;
            case 'n':
                e = worksheet_write_number(ws, row, col, r.number, f);
                break;
            case 'b':
                e = worksheet_write_blank(ws, row, col, f);
                break;
            case 'f':
                e = worksheet_write_formula_num(ws, row, col, r.s[1].c_str(), f, r.number);
                break;
            case 'g':
                e = worksheet_write_formula_str(ws, row, col, r.s[1].c_str(), f, r.s[0].c_str());
                break;
            case 'u':
                e = worksheet_write_url_opt(ws, row, col, r.s[1].c_str(), f, r.s[0].c_str(), nullptr);
                break;
            }
            errors += e != LXW_NO_ERROR;
            ++cells;
            break;
        }
        case 'R':
            errors += worksheet_set_row(ws, row, r.number, nullptr) != 0;
            break;
        case 'W':
            errors += worksheet_set_column(ws, static_cast<lxw_col_t>(r.a), col, r.number, nullptr) != 0;
            break;
        case 'X':
            formats.push_back(r.s[0] == "0" ? nullptr : makeFormat(wb, {r.s.begin(), r.s.end()}));
            break;
        case 'S':
            ws = workbook_add_worksheet(wb, r.s[0].c_str());
            if (r.s[1] == "1")
                worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
            break;
        case 'T':
            table = &r;
            break;
        case 'H': {
            lxw_table_column c{};
            c.header = const_cast<char*>(r.s[0].c_str());
            c.header_format = formats[static_cast<std::size_t>(r.a)];
            columns.push_back(c);
            break;
        }
        }
    }
    if (table)
        flushTable();
    return closeAndReport(wb, errors, start, cpuStart, cells);
}
