#include "workbook_join.h"

#include "core/errors.h"
#include "core/platform.h"

#include <fstream>
#include <map>
#include <memory>
#include <zip.h>

namespace evidence::xlsx {
namespace {

struct Discard
{
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct SourceFree
{
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using Archive = std::unique_ptr<zip_t, Discard>;

Archive openForReading(const std::filesystem::path& file)
{
    int error = 0;
    zip_t* z = zip_open(platform::utf8(file).c_str(), ZIP_RDONLY, &error); // UTF-8 on Windows too
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, error);
        const std::string why = zip_error_strerror(&e);
        const int sys = zip_error_code_system(&e);
        zip_error_fini(&e);
        throw FileError("cannot read the workbook being written " + platform::utf8(file) + ": " + why, sys);
    }
    return Archive(z);
}

[[noreturn]] void failed(const std::string& what, zip_error_t* error)
{
    throw Error("cannot join the workbook's worksheets: " + what + ": " + zip_error_strerror(error));
}

} // namespace

void replaceMembers(const std::filesystem::path& into, const std::filesystem::path& donor,
                    const std::vector<std::pair<std::string, std::string>>& moved)
{
    std::string bytes;
    {
        Archive first = openForReading(into);
        Archive second = openForReading(donor);
        std::map<std::string, zip_uint64_t> donated; // by the name it replaces
        for (const auto& [from, name] : moved) {
            const zip_int64_t index = zip_name_locate(second.get(), from.c_str(), 0);
            if (index < 0)
                throw Error("internal error: " + platform::utf8(donor) + " has no member " + from);
            donated.emplace(name, static_cast<zip_uint64_t>(index));
        }
        zip_error_t error;
        zip_error_init(&error);
        std::unique_ptr<zip_source_t, SourceFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
        if (!buffer)
            failed("buffer", &error);
        Archive out(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error));
        if (!out)
            failed("open", &error);
        zip_source_keep(buffer.get()); // the archive lets go of it on close; the bytes are read from it after
        std::size_t found = 0;
        const zip_int64_t count = zip_get_num_entries(first.get(), 0);
        for (zip_int64_t i = 0; i < count; ++i) {
            const auto index = static_cast<zip_uint64_t>(i);
            const char* name = zip_get_name(first.get(), index, 0);
            if (!name)
                failed("a member's name", zip_get_error(first.get()));
            const auto swap = donated.find(name);
            found += swap != donated.end();
            // Compressed bytes in, compressed bytes out: libzip copies a member whose method it keeps.
            zip_source_t* source = swap != donated.end()
                                       ? zip_source_zip(out.get(), second.get(), swap->second, ZIP_FL_COMPRESSED, 0, -1)
                                       : zip_source_zip(out.get(), first.get(), index, ZIP_FL_COMPRESSED, 0, -1);
            if (!source)
                failed(name, zip_get_error(out.get()));
            if (zip_file_add(out.get(), name, source, 0) < 0) {
                zip_source_free(source);
                failed(name, zip_get_error(out.get()));
            }
        }
        if (found != donated.size())
            throw Error("internal error: " + platform::utf8(into) + " lacks a member to replace");
        zip_t* closing = out.release();
        if (zip_close(closing) != 0) {
            const std::string why = zip_strerror(closing);
            zip_discard(closing);
            throw Error("cannot join the workbook's worksheets: " + why);
        }
        if (zip_source_open(buffer.get()) != 0)
            failed("read", zip_source_error(buffer.get()));
        zip_stat_t st;
        if (zip_source_stat(buffer.get(), &st) == 0 && (st.valid & ZIP_STAT_SIZE))
            bytes.reserve(st.size);
        char piece[1 << 16];
        for (zip_int64_t got; (got = zip_source_read(buffer.get(), piece, sizeof piece)) > 0;)
            bytes.append(piece, static_cast<std::size_t>(got));
        zip_source_close(buffer.get());
    }
    std::ofstream file(into, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
        const int err = platform::lastSystemError();
        throw FileError("cannot write the workbook " + platform::utf8(into) + ": " + platform::describeError(err), err);
    }
}

} // namespace evidence::xlsx
