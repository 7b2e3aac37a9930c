#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/timestamp.h"
#include "core/uuid.h"
#include "db/change_capture.h"
#include "db/store_impl.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <sqlite3.h>
#include <variant>

namespace evidence::db {

namespace fs = std::filesystem;

namespace {

std::string systemClock()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    platform::brokenDown(t, false, tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void sqlNow(sqlite3_context* ctx, int, sqlite3_value**)
{
    const auto* impl = static_cast<const Store::Impl*>(sqlite3_user_data(ctx));
    const std::string t = impl->options.clock();
    sqlite3_result_text(ctx, t.c_str(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
}

void sqlUser(sqlite3_context* ctx, int, sqlite3_value**)
{
    const auto* impl = static_cast<const Store::Impl*>(sqlite3_user_data(ctx));
    sqlite3_result_text(ctx, impl->options.osUser.c_str(), static_cast<int>(impl->options.osUser.size()),
                        SQLITE_TRANSIENT);
}

std::string describePath(const fs::path& p)
{
    return platform::utf8(p);
}

void quickCheck(SQLite::Database& db, const fs::path& path)
{
    const std::string check = db.execAndGet("PRAGMA quick_check(1)").getString();
    if (check != "ok")
        throw FileError("cannot open " + path.string() + ": the store is damaged (" + check +
                        "). Restore it from a backup; nothing was changed.");
}

std::string notAStoreMessage(const fs::path& path)
{
    return "cannot open " + path.string() + ": it is a SQLite database but not an Evidence Desk store";
}

std::string newerVersionMessage(const fs::path& path, int version)
{
    return "cannot open " + path.string() + ": it was made by a newer version of Evidence Desk (store format " +
           std::to_string(version) + "; this version reads up to " + std::to_string(Store::latestSchemaVersion()) +
           "). Install the newer version to open it.";
}

// Checks what the file is before SQLite touches it: nothing is written to a file we refuse. A file this
// process already holds as a store was checked when first opened, and is not opened here again (that
// would drop the holder's locks when closed).
void checkFileBeforeOpen(const fs::path& path)
{
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status))
        throw FileError("cannot open " + describePath(path) + ": the file does not exist");
    if (fs::is_directory(status))
        throw FileError("cannot open " + describePath(path) + ": it is a folder, not an Evidence Desk store");
    if (HeldFile::held(path))
        return;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError("cannot open " + describePath(path) + ": permission denied");
    std::array<unsigned char, 100> header{};
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    if (in.gcount() < 16 || std::memcmp(header.data(), "SQLite format 3\0", 16) != 0)
        throw FileError("cannot open " + describePath(path) +
                        ": it is not an Evidence Desk store (not a SQLite database file)");
    // A store that will be refused is refused from its header, before SQLite opens it: opening a
    // database in WAL mode creates -wal and -shm files beside it, even in a folder not ours. The header
    // is current unless a write-ahead log holds newer pages; then SQLite reads it below.
    std::error_code walEc;
    fs::path wal = path;
    wal += "-wal";
    if (in.gcount() < 100 || (fs::exists(wal, walEc) && fs::file_size(wal, walEc) > 0))
        return;
    auto be32 = [&](std::size_t at) {
        return static_cast<int>((std::uint32_t(header[at]) << 24) | (std::uint32_t(header[at + 1]) << 16) |
                                (std::uint32_t(header[at + 2]) << 8) | std::uint32_t(header[at + 3]));
    };
    if (be32(68) != Store::kApplicationId)
        throw FileError(notAStoreMessage(path));
    if (be32(60) > Store::latestSchemaVersion())
        throw FileError(newerVersionMessage(path, be32(60)));
}

Area readArea(SQLite::Statement& q)
{
    Area a;
    a.id = q.getColumn(0).getInt64();
    a.uuid = q.getColumn(1).getString();
    a.code = q.getColumn(2).getString();
    a.name = q.getColumn(3).getString();
    a.kind = parseAreaKind(q.getColumn(4).getString());
    a.itl1Code = q.getColumn(5).getString();
    a.regionName = q.getColumn(6).getString();
    a.country = q.getColumn(7).getString();
    a.reference = q.getColumn(8).getInt() != 0;
    return a;
}
constexpr const char* kAreaCols = "id, uuid, code, name, kind, itl1_code, region_name, country, reference";

Source readSource(SQLite::Statement& q)
{
    Source s;
    s.id = q.getColumn(0).getInt64();
    s.uuid = q.getColumn(1).getString();
    s.title = q.getColumn(2).getString();
    s.publisher = q.getColumn(3).getString();
    s.method = q.getColumn(4).getString();
    s.datePublished = q.getColumn(5).getString();
    s.dateRetrieved = q.getColumn(6).getString();
    s.url = q.getColumn(7).getString();
    s.licence = q.getColumn(8).getString();
    s.qualityNotes = q.getColumn(9).getString();
    return s;
}
constexpr const char* kSourceCols =
    "id, uuid, title, publisher, method, date_published, date_retrieved, url, licence, quality_notes";

Measure readMeasure(SQLite::Statement& q)
{
    Measure m;
    m.id = q.getColumn(0).getInt64();
    m.uuid = q.getColumn(1).getString();
    m.name = q.getColumn(2).getString();
    m.definition = q.getColumn(3).getString();
    m.unit = parseUnit(q.getColumn(4).getString());
    m.population = q.getColumn(5).getString();
    return m;
}
constexpr const char* kMeasureCols = "id, uuid, name, definition, unit, population";

Observation readObservation(SQLite::Statement& q)
{
    Observation o;
    o.id = q.getColumn(0).getInt64();
    o.uuid = q.getColumn(1).getString();
    o.measureId = q.getColumn(2).getInt64();
    o.areaId = q.getColumn(3).getInt64();
    o.period = Period::fromSortKey(q.getColumn(4).getInt64());
    o.dimension = q.getColumn(5).getString();
    o.category = q.getColumn(6).getString();
    if (!q.getColumn(7).isNull())
        o.value = q.getColumn(7).getDouble();
    o.markers = Markers::parse(q.getColumn(8).getString());
    o.sourceId = q.getColumn(9).getInt64();
    o.note = q.getColumn(10).getString();
    o.asAt = q.getColumn(11).getString();
    o.round = q.getColumn(12).getString();
    return o;
}
constexpr const char* kObservationCols =
    "id, uuid, measure_id, area_id, period_key, dimension, category, value, markers, source_id, note, as_at, round";

constexpr const char* kCaseStudyCols =
    "id, uuid, reference, title, narrative, age, age_band, gender, region_area_id, year, harm_types, "
    "platform_types, outcome, consent, consent_recorded_by, consent_date, review_state, reviewed_by, reviewed_at, "
    "basis, citation_publisher, citation_title, citation_date, citation_url";

Consent parseConsent(const std::string& s)
{
    if (s == "yes")
        return Consent::Obtained;
    if (s == "no")
        return Consent::NotObtained;
    return Consent::Unknown;
}

Consultation readConsultation(SQLite::Statement& q)
{
    Consultation c;
    c.id = q.getColumn(0).getInt64();
    c.uuid = q.getColumn(1).getString();
    c.code = q.getColumn(2).getString();
    c.title = q.getColumn(3).getString();
    c.publisher = q.getColumn(4).getString();
    c.opens = q.getColumn(5).getString();
    c.closes = q.getColumn(6).getString();
    c.url = q.getColumn(7).getString();
    return c;
}
constexpr const char* kConsultationCols = "id, uuid, code, title, publisher, opens, closes, url";

Question readQuestion(SQLite::Statement& q)
{
    Question x;
    x.id = q.getColumn(0).getInt64();
    x.uuid = q.getColumn(1).getString();
    x.consultationId = q.getColumn(2).getInt64();
    x.number = q.getColumn(3).getString();
    x.position = q.getColumn(4).getInt();
    x.text = q.getColumn(5).getString();
    x.answerType = parseAnswerType(q.getColumn(6).getString());
    x.choices = text::splitList(q.getColumn(7).getString());
    if (!q.getColumn(8).isNull())
        x.wordLimit = q.getColumn(8).getInt();
    if (!q.getColumn(9).isNull())
        x.formCharLimit = q.getColumn(9).getInt();
    x.required = q.getColumn(10).getInt() != 0;
    return x;
}
constexpr const char* kQuestionCols =
    "id, uuid, consultation_id, number, position, text, answer_type, choices, word_limit, form_char_limit, required";

Submission readSubmission(SQLite::Statement& q)
{
    Submission s;
    s.id = q.getColumn(0).getInt64();
    s.uuid = q.getColumn(1).getString();
    s.consultationId = q.getColumn(2).getInt64();
    s.title = q.getColumn(3).getString();
    s.organisation = q.getColumn(4).getString();
    s.contactRole = q.getColumn(5).getString();
    s.contactEmail = q.getColumn(6).getString();
    s.asAt = q.getColumn(7).getString();
    s.summary = q.getColumn(8).getString();
    s.caveats = q.getColumn(9).getString();
    s.coverageThreshold = q.getColumn(10).getDouble();
    return s;
}
constexpr const char* kSubmissionCols = "id, uuid, consultation_id, title, organisation, contact_role, contact_email, "
                                        "as_at, summary, caveats, coverage_threshold";

template <typename T, typename Reader>
std::vector<T> readAll(SQLite::Statement& q, Reader reader)
{
    std::vector<T> out;
    while (q.executeStep())
        out.push_back(reader(q));
    return out;
}

template <typename T, typename Reader>
std::optional<T> readOne(SQLite::Statement& q, Reader reader)
{
    if (q.executeStep())
        return reader(q);
    return std::nullopt;
}

void bindText(SQLite::Statement& q, int i, const std::string& s)
{
    if (!text::isValidUtf8(s))
        throw DataError("text is not valid UTF-8 and cannot be saved");
    // SQLite's text functions, the scanner's callers and Excel all stop at a NUL: the text after it
    // would be kept unseen by the guard and cut from the workbook.
    if (s.find('\0') != std::string::npos)
        throw DataError("text holds a NUL character, which no text may contain, and cannot be saved");
    q.bind(i, s);
}

void requireRow(SQLite::Database& db, const char* what, RowId id)
{
    if (db.getChanges() == 0)
        throw NotFoundError(std::string(what) + " " + std::to_string(id) +
                            " does not exist (it may have been deleted)");
}

} // namespace

[[noreturn]] void rethrowSqlite(const SQLite::Exception& e, const fs::path& path)
{
    const int err = platform::lastSystemError(); // of the failed write, before anything here can change it
    const int code = e.getErrorCode();
    const std::string where = describePath(path);
    // SQLite reports a write that found the disk full as an I/O error ("disk I/O error").
    if ((code & 0xFF) == SQLITE_IOERR && platform::isDiskFull(err))
        throw FileError("cannot save to " + where + ": the disk is full (" + platform::describeError(err) +
                        "). Free some space and try again; nothing was changed.");
    switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw BusyError("the store " + where +
                        " is busy: another program or window is writing to it. Wait a moment and try again.");
    case SQLITE_READONLY:
        throw FileError("cannot save to " + where + ": the file is read-only. Copy it somewhere you can write to.");
    case SQLITE_FULL:
        throw FileError("cannot save to " + where + ": the disk is full. Free some space and try again.");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw FileError("the store " + where + " is damaged (" + e.getErrorStr() +
                        "). Restore it from a backup; nothing was changed.");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        throw FileError("cannot read or write " + where + ": " + e.what());
    case SQLITE_CONSTRAINT:
        throw DataError(std::string("the change was refused by the store: ") + e.what());
    default:
        throw Error("store error in " + where + ": " + e.what());
    }
}

// ---- lifecycle ---------------------------------------------------------------------------------

void checkpoint(Store::Impl& impl) noexcept
{
    // The write-ahead log keeps the pages a change replaced, the text an edit removed among them,
    // until a checkpoint copies the new pages into the store and empties the log. A reader of
    // another connection can hold the log; then this does what it can without waiting, and the
    // last connection to close empties it.
    sqlite3* h = impl.db->getHandle();
    sqlite3_busy_timeout(h, 0);
    (void)sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(h, impl.options.busyTimeoutMs);
}

BackgroundIntegrityCheck::BackgroundIntegrityCheck(const fs::path& path) : m_path(path)
{
    m_thread = std::thread([this] { run(); });
}

BackgroundIntegrityCheck::~BackgroundIntegrityCheck()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_connection)
            sqlite3_interrupt(m_connection);
    }
    m_thread.join();
}

void BackgroundIntegrityCheck::run()
{
    // SQLite's own interface: nothing here may throw on a thread of its own. Closing this connection
    // keeps the store's POSIX locks: SQLite shares one lock per file among a process's connections.
    sqlite3* db = nullptr;
    std::string found;
    bool sound = false;
    int rc = sqlite3_open_v2(platform::utf8(m_path).c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    if (rc == SQLITE_OK) {
        {
            const std::lock_guard lock(m_mutex);
            m_connection = db;
            if (m_stopping)
                sqlite3_interrupt(db);
        }
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* q = nullptr;
        rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &q, nullptr);
        if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
            found = text ? text : "";
            sound = found == "ok";
        } else {
            found = sqlite3_errmsg(db);
        }
        sqlite3_finalize(q);
    } else {
        found = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    }
    const std::lock_guard lock(m_mutex);
    m_connection = nullptr;
    sqlite3_close(db); // under the mutex: an interrupt never reaches a closed connection
    if (sound) {
        m_state = Integrity::Sound;
    } else if (!m_stopping) {
        // A file that cannot be read to the end is treated as damaged: saving into it could be lost too.
        m_state = Integrity::Damaged;
        m_problem = found;
    }
    m_ended.notify_all();
}

Integrity BackgroundIntegrityCheck::state(std::string* problem) const
{
    const std::lock_guard lock(m_mutex);
    if (problem && m_state == Integrity::Damaged)
        *problem = "The store " + m_path.filename().string() + " is damaged (" + m_problem +
                   "). Nothing more can be saved into it: restore it from a backup.";
    return m_state;
}

void BackgroundIntegrityCheck::awaitSound() const
{
    std::unique_lock lock(m_mutex);
    m_ended.wait(lock, [&] { return m_state != Integrity::Checking || m_stopping; });
    if (m_state == Integrity::Damaged)
        throw FileError("cannot save to " + m_path.string() + ": the store is damaged (" + m_problem +
                        "). Restore it from a backup; nothing was saved.");
}

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store()
{
    if (m_impl)
        m_impl->integrityCheck.reset(); // its connection would keep the log from being emptied
    if (!m_impl || !m_impl->db || m_impl->mode != OpenMode::ReadWrite)
        return;
    checkpoint(*m_impl);
    // A store at rest is left in rollback-journal mode, which reading does not change: a program that
    // only reads it (list, scan, export, or one that refuses it) then creates no -wal and -shm beside
    // it, as a store in write-ahead mode makes every reader do. Opening it for writing returns it to
    // write-ahead mode. While another connection has it open this fails and changes nothing.
    sqlite3* h = m_impl->db->getHandle();
    sqlite3_busy_timeout(h, 0);
    (void)m_impl->db->tryExec("PRAGMA journal_mode = DELETE");
}

namespace {

/// True when nothing can create a file beside @p path (a read-only folder or file system) and no
/// write-ahead log is there: then no other program can be writing the store (a writer needs its -wal
/// and -shm beside it), and SQLite may read it as immutable, creating nothing. Without that, reading a
/// store in write-ahead mode needs a -shm file it cannot create there, and the store could not even be
/// listed.
bool unchangeableWhereItIs(const fs::path& path)
{
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!platform::folderRefusesNewFiles(dir))
        return false;
    std::error_code ec;
    fs::path wal = path, shm = path;
    wal += "-wal";
    shm += "-shm";
    return !fs::exists(wal, ec) && !fs::exists(shm, ec);
}

/// @p path as a SQLite URI opened immutable (characters that mean something in a URI escaped).
std::string immutableUri(const fs::path& path)
{
    std::string uri = "file:";
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : platform::utf8(fs::absolute(path))) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7F) {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri + "?immutable=1";
}

std::unique_ptr<Store::Impl> connect(const fs::path& path, OpenMode mode, StoreOptions options)
{
    auto impl = std::make_unique<Store::Impl>();
    impl->path = path;
    impl->mode = mode;
    if (!options.clock)
        options.clock = systemClock;
    if (options.osUser.empty())
        options.osUser = platform::loginName();
    impl->options = std::move(options);
    // SQLite's memory statistics take a global mutex on every allocation (several per imported row)
    // and nothing reads them. Configuring is only allowed before SQLite initialises; a later call
    // fails harmlessly and leaves the default.
    static const int noMemoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)noMemoryStatistics;
    // A read-only connection skips SQLite's per-call mutex (a tenth of the time to read a measure's
    // observations): a Store is used by one thread at a time, and a background check opens its own.
    const int flags =
        mode == OpenMode::ReadOnly ? SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX : SQLite::OPEN_READWRITE;
    if (mode == OpenMode::ReadOnly && unchangeableWhereItIs(path))
        impl->db = std::make_unique<SQLite::Database>(immutableUri(path), flags | SQLITE_OPEN_URI,
                                                      impl->options.busyTimeoutMs);
    else
        impl->db = std::make_unique<SQLite::Database>(platform::utf8(path), flags, impl->options.busyTimeoutMs);
    sqlite3* h = impl->db->getHandle();
    sqlite3_create_function_v2(h, "evidence_now", 0, SQLITE_UTF8, impl.get(), sqlNow, nullptr, nullptr, nullptr);
    sqlite3_create_function_v2(h, "evidence_os_user", 0, SQLITE_UTF8, impl.get(), sqlUser, nullptr, nullptr, nullptr);
    impl->db->exec("PRAGMA foreign_keys = ON");
    // Deleted and overwritten content is zeroed, not left in free pages and cell gaps: text removed
    // from a case study must not stay in the file.
    if (mode == OpenMode::ReadWrite)
        impl->db->exec("PRAGMA secure_delete = ON");
    // A large import touches several indexes at random; SQLite's default 2 MB page cache would
    // spill to disk mid-transaction and make it I/O bound.
    impl->db->exec("PRAGMA cache_size = -65536");
    // A read-only connection reads the file through a memory map, not a copy of each page into that
    // cache: a pass over a million observations reads 300 MB, more than the cache holds. SQLite never
    // writes through the map, and stores are on local disks already (write-ahead logging needs one).
    // Not for writing connections, whose resident memory the export's benchmark reports.
    if (mode == OpenMode::ReadOnly)
        impl->db->exec("PRAGMA mmap_size = 2147418112"); // the largest this SQLite allows
    return impl;
}

} // namespace

Store Store::create(const fs::path& path, StoreOptions options)
{
    std::error_code ec;
    if (fs::exists(path, ec))
        throw FileError("cannot create " + path.string() + ": a file with that name already exists");
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        throw FileError("cannot create " + path.string() + ": the folder " + dir.string() + " does not exist");
    const fs::path tmp =
        dir / platform::pathFromUtf8("." + platform::utf8(path.filename()) + ".creating-" + newUuid().substr(0, 8));
    if (const std::string reason = platform::createPrivateFile(tmp); !reason.empty())
        throw FileError("cannot create " + path.string() + ": " + reason);
    try {
        {
            auto impl = connect(tmp, OpenMode::ReadWrite, options);
            SQLite::Database& db = *impl->db;
            db.exec("PRAGMA journal_mode = DELETE");
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            migrate(db, 0);
            SQLite::Transaction tx(db);
            SQLite::Statement info(db, "INSERT INTO store_info (key, value) VALUES ('store_id', ?), ('created_at', ?)");
            info.bind(1, newUuid());
            info.bind(2, impl->options.clock());
            info.exec();
            loadReferenceData(db);
            tx.commit();
            db.exec("PRAGMA journal_mode = WAL");
        }
        // A file that appeared meanwhile is not replaced.
        if (const std::string reason = platform::publishWithoutReplacing(tmp, path); !reason.empty())
            throw FileError("cannot create " + describePath(path) + ": " + reason);
        fs::remove(tmp, ec);
    } catch (const SQLite::Exception& e) {
        fs::remove(tmp, ec);
        rethrowSqlite(e, path);
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
    return open(path, OpenMode::ReadWrite, std::move(options));
}

namespace {
std::mutex heldMutex;
std::map<std::pair<unsigned long long, unsigned long long>, int> heldFiles;
} // namespace

HeldFile::HeldFile(const fs::path& path)
{
    platform::FileIdentity id;
    if (!platform::fileIdentity(path, id))
        return;
    m_device = id.device;
    m_inode = id.file;
    const std::lock_guard lock(heldMutex);
    ++heldFiles[{m_device, m_inode}];
    m_registered = true;
}

HeldFile::~HeldFile()
{
    if (!m_registered)
        return;
    const std::lock_guard lock(heldMutex);
    if (auto it = heldFiles.find({m_device, m_inode}); it != heldFiles.end() && --it->second == 0)
        heldFiles.erase(it);
}

bool HeldFile::held(const fs::path& path)
{
    platform::FileIdentity id;
    if (!platform::fileIdentity(path, id))
        return false;
    const std::lock_guard lock(heldMutex);
    return heldFiles.count({id.device, id.file}) != 0;
}

Store Store::open(const fs::path& path, OpenMode mode, StoreOptions options)
{
    checkFileBeforeOpen(path);
    // Checked (pages read through SQLite) by the Store of this process that holds it.
    const bool alreadyHeld = HeldFile::held(path);
    // In a folder nothing can be created in, the store cannot be written (its log goes beside it) but
    // can be read: listed, scanned and exported. A write then says why it cannot be saved.
    const bool folderReadOnly = mode == OpenMode::ReadWrite && unchangeableWhereItIs(path);
    if (folderReadOnly)
        mode = OpenMode::ReadOnly;
    std::unique_ptr<Impl> impl;
    try {
        impl = connect(path, mode, std::move(options));
        impl->held = std::make_unique<HeldFile>(path);
        impl->folderReadOnly = folderReadOnly;
        SQLite::Database& db = *impl->db;
        const int appId = db.execAndGet("PRAGMA application_id").getInt();
        if (appId != kApplicationId)
            throw FileError(notAStoreMessage(path));
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version > latestSchemaVersion())
            throw FileError(newerVersionMessage(path, version));
        const bool checkLater = impl->options.checkOnOpen && impl->options.checkInBackground && !alreadyHeld &&
                                version == latestSchemaVersion();
        if (checkLater) {
            // What the background check cannot wait for: a schema SQLite cannot read is refused now.
            db.exec("SELECT count(*) FROM sqlite_master");
        } else if ((impl->options.checkOnOpen && !alreadyHeld) || version < latestSchemaVersion()) {
            quickCheck(db, path);
            impl->integrity = Integrity::Sound;
        }
        if (version < latestSchemaVersion()) {
            if (mode == OpenMode::ReadOnly)
                throw FileError("cannot open " + path.string() +
                                " read-only: it was made by an older version of "
                                "Evidence Desk and must be opened for editing once to be upgraded");
            try {
                migrate(db, version);
            } catch (const std::exception& e) {
                throw FileError("cannot open " + path.string() +
                                ": upgrading it to this version of Evidence Desk "
                                "failed (" +
                                e.what() + "). The file was left as it was.");
            }
        }
        if (mode == OpenMode::ReadWrite && db.execAndGet("PRAGMA journal_mode").getString() != "wal")
            db.exec("PRAGMA journal_mode = WAL");
        if (checkLater)
            impl->integrityCheck = std::make_unique<BackgroundIntegrityCheck>(path);
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, path);
    }
    return Store(std::move(impl));
}

const fs::path& Store::path() const noexcept
{
    return m_impl->path;
}
bool Store::readOnly() const noexcept
{
    return m_impl->mode == OpenMode::ReadOnly;
}
const StoreOptions& Store::options() const noexcept
{
    return m_impl->options;
}
SQLite::Database& Store::database() const
{
    return *m_impl->db;
}

std::string Store::storeId() const
{
    return readTranslated(path(), [&] {
        return m_impl->db->execAndGet("SELECT value FROM store_info WHERE key = 'store_id'").getString();
    });
}

void Store::checkIntegrity() const
{
    readTranslated(path(), [&] { quickCheck(*m_impl->db, path()); });
}

Integrity Store::integrity(std::string* problem) const
{
    return m_impl->integrityCheck ? m_impl->integrityCheck->state(problem) : m_impl->integrity;
}

int Store::schemaVersion() const
{
    return readTranslated(path(), [&] { return m_impl->db->execAndGet("PRAGMA user_version").getInt(); });
}

// ---- transactions ------------------------------------------------------------------------------

Store::Transaction::Transaction(Store& store) : m_store(store), m_depth(store.m_impl->depth + 1)
{
    auto& impl = *store.m_impl;
    if (impl.mode == OpenMode::ReadOnly)
        throw FileError("cannot save to " + impl.path.string() +
                        (impl.folderReadOnly ? ": the folder holding it is read-only (a store keeps its log beside "
                                               "it). Copy it to a folder you can write to."
                                             : ": it was opened read-only"));
    if (m_depth == 1 && !sqlite3_get_autocommit(impl.db->getHandle()))
        throw Error("internal error: a change to " + impl.path.string() + " while a read snapshot of it is open");
    if (m_depth == 1 && impl.integrityCheck)
        impl.integrityCheck->awaitSound();
    try {
        // IMMEDIATE takes the write lock now, so a busy store fails here, before any work is done.
        impl.db->exec(m_depth == 1 ? std::string("BEGIN IMMEDIATE") : "SAVEPOINT sp" + std::to_string(m_depth));
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
    impl.depth = m_depth;
    if (m_depth == 1 && impl.capture) {
        try {
            impl.capture->begin();
        } catch (...) {
            (void)impl.db->tryExec("ROLLBACK");
            impl.capture->rolledBack();
            impl.depth = 0;
            throw;
        }
    }
}

Store::Transaction::~Transaction()
{
    if (m_done)
        return;
    auto& impl = *m_store.m_impl;
    const int rc =
        m_depth == 1
            ? impl.db->tryExec("ROLLBACK")
            : impl.db->tryExec("ROLLBACK TO sp" + std::to_string(m_depth) + "; RELEASE sp" + std::to_string(m_depth));
    (void)rc; // a destructor must not throw; SQLite rolls back on close anyway
    impl.depth = m_depth - 1;
    if (m_depth == 1 && impl.capture)
        impl.capture->rolledBack();
}

void Store::Transaction::commit()
{
    auto& impl = *m_store.m_impl;
    if (m_depth == 1 && impl.capture)
        impl.capture->beforeCommit();
    try {
        impl.db->exec(m_depth == 1 ? std::string("COMMIT") : "RELEASE sp" + std::to_string(m_depth));
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
    m_done = true;
    impl.depth = m_depth - 1;
    if (m_depth == 1) {
        checkpoint(impl);
        if (impl.capture)
            impl.capture->committed();
    }
}

Store::ReadSnapshot::ReadSnapshot(const Store& store) : m_store(store)
{
    auto& impl = *store.m_impl;
    if (!sqlite3_get_autocommit(impl.db->getHandle()))
        return;
    try {
        impl.db->exec("BEGIN"); // deferred: the snapshot is taken by the first read
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
    m_own = true;
}

Store::ReadSnapshot::~ReadSnapshot()
{
    if (m_own)
        (void)m_store.m_impl->db->tryExec("COMMIT"); // nothing was written; closing ends it anyway
}

// ---- sources -----------------------------------------------------------------------------------

std::vector<Source> Store::sources() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSourceCols + " FROM sources ORDER BY title");
        return readAll<Source>(q, readSource);
    });
}

std::optional<Source> Store::source(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSourceCols + " FROM sources WHERE id = ?");
        q.bind(1, id);
        return readOne<Source>(q, readSource);
    });
}

std::optional<Source> Store::sourceByTitle(std::string_view title) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kSourceCols + " FROM sources WHERE title = ? COLLATE NOCASE");
        q.bind(1, std::string(text::trim(title)));
        return readOne<Source>(q, readSource);
    });
}

namespace {
void bindSource(SQLite::Statement& q, const Source& s)
{
    if (text::trim(s.title).empty())
        throw DataError("a source needs a title");
    bindText(q, 1, s.uuid);
    bindText(q, 2, std::string(text::trim(s.title)));
    bindText(q, 3, s.publisher);
    bindText(q, 4, s.method);
    bindText(q, 5, s.datePublished);
    bindText(q, 6, s.dateRetrieved);
    bindText(q, 7, s.url);
    bindText(q, 8, s.licence);
    bindText(q, 9, s.qualityNotes);
}
} // namespace

RowId Store::insert(Source& s)
{
    return writeInTransaction(*this, path(), [&] {
        if (auto existing = sourceByTitle(s.title))
            throw DataError("a source titled '" + existing->title + "' already exists");
        if (s.uuid.empty())
            s.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO sources (uuid, title, publisher, method, date_published, "
                                         "date_retrieved, url, licence, quality_notes) VALUES (?,?,?,?,?,?,?,?,?)");
        bindSource(q, s);
        q.exec();
        s.id = m_impl->db->getLastInsertRowid();
        return s.id;
    });
}

void Store::update(const Source& s)
{
    writeInTransaction(*this, path(), [&] {
        if (auto existing = sourceByTitle(s.title); existing && existing->id != s.id)
            throw DataError("another source is already titled '" + existing->title + "'");
        SQLite::Statement q(*m_impl->db, "UPDATE sources SET uuid = ?, title = ?, publisher = ?, method = ?, "
                                         "date_published = ?, date_retrieved = ?, url = ?, licence = ?, "
                                         "quality_notes = ? WHERE id = ?");
        bindSource(q, s);
        q.bind(10, s.id);
        q.exec();
        requireRow(*m_impl->db, "source", s.id);
    });
}

void Store::removeSource(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        const auto n =
            m_impl->db->execAndGet("SELECT count(*) FROM observations WHERE source_id = " + std::to_string(id))
                .getInt64();
        if (n > 0)
            throw DataError("this source cannot be deleted: " + std::to_string(n) +
                            " figures cite it. Delete or move those figures first.");
        SQLite::Statement q(*m_impl->db, "DELETE FROM sources WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "source", id);
    });
}

// ---- measures ----------------------------------------------------------------------------------

std::vector<Measure> Store::measures() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kMeasureCols + " FROM measures ORDER BY name");
        return readAll<Measure>(q, readMeasure);
    });
}

std::optional<Measure> Store::measure(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kMeasureCols + " FROM measures WHERE id = ?");
        q.bind(1, id);
        return readOne<Measure>(q, readMeasure);
    });
}

std::optional<Measure> Store::measureByName(std::string_view name) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kMeasureCols + " FROM measures WHERE name = ? COLLATE NOCASE");
        q.bind(1, std::string(text::trim(name)));
        return readOne<Measure>(q, readMeasure);
    });
}

namespace {
void bindMeasure(SQLite::Statement& q, const Measure& m)
{
    if (text::trim(m.name).empty())
        throw DataError("a measure needs a name");
    bindText(q, 1, m.uuid);
    bindText(q, 2, std::string(text::trim(m.name)));
    bindText(q, 3, m.definition);
    q.bind(4, std::string(unitCode(m.unit)));
    bindText(q, 5, m.population);
}
} // namespace

RowId Store::insert(Measure& m)
{
    return writeInTransaction(*this, path(), [&] {
        if (auto existing = measureByName(m.name))
            throw DataError("a measure named '" + existing->name + "' already exists");
        if (m.uuid.empty())
            m.uuid = newUuid();
        SQLite::Statement q(*m_impl->db,
                            "INSERT INTO measures (uuid, name, definition, unit, population) VALUES (?,?,?,?,?)");
        bindMeasure(q, m);
        q.exec();
        m.id = m_impl->db->getLastInsertRowid();
        return m.id;
    });
}

void Store::update(const Measure& m)
{
    writeInTransaction(*this, path(), [&] {
        if (auto existing = measureByName(m.name); existing && existing->id != m.id)
            throw DataError("another measure is already named '" + existing->name + "'");
        if (m.unit == Unit::Count) {
            // Making a rate a count would leave its fractions in a count: name the first one.
            SQLite::Statement f(*m_impl->db, "SELECT a.name, o.period, o.value FROM observations o JOIN areas a ON "
                                             "a.id = o.area_id WHERE o.measure_id = ? AND o.value IS NOT NULL AND "
                                             "o.value <> CAST(o.value AS INTEGER) ORDER BY o.id LIMIT 1");
            f.bind(1, m.id);
            if (f.executeStep()) {
                std::array<char, 32> buf{};
                const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), f.getColumn(2).getDouble()).ptr;
                throw DataError("measure '" + m.name + "' cannot be a count: its figure for " +
                                f.getColumn(0).getString() + ", " + f.getColumn(1).getString() + " is " +
                                std::string(buf.data(), end) + ", which is not a whole number");
            }
        }
        SQLite::Statement q(*m_impl->db, "UPDATE measures SET uuid = ?, name = ?, definition = ?, unit = ?, "
                                         "population = ? WHERE id = ?");
        bindMeasure(q, m);
        q.bind(6, m.id);
        q.exec();
        requireRow(*m_impl->db, "measure", m.id);
    });
}

void Store::removeMeasure(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        const auto n =
            m_impl->db->execAndGet("SELECT count(*) FROM observations WHERE measure_id = " + std::to_string(id))
                .getInt64();
        if (n > 0)
            throw DataError("this measure cannot be deleted: it has " + std::to_string(n) +
                            " figures. Delete those figures first.");
        SQLite::Statement q(*m_impl->db, "DELETE FROM measures WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "measure", id);
    });
}

// ---- areas -------------------------------------------------------------------------------------

std::vector<Area> Store::areas() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols +
                                             " FROM areas ORDER BY CASE kind WHEN 'police_force_area' THEN 1 WHEN "
                                             "'region' THEN 2 WHEN 'country' THEN 3 ELSE 4 END, name");
        return readAll<Area>(q, readArea);
    });
}

std::optional<Area> Store::area(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols + " FROM areas WHERE id = ?");
        q.bind(1, id);
        return readOne<Area>(q, readArea);
    });
}

std::vector<Area> Store::areasByCode(std::string_view code) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols +
                                             " FROM areas WHERE code = ? COLLATE NOCASE ORDER BY id");
        q.bind(1, std::string(text::trim(code)));
        return readAll<Area>(q, readArea);
    });
}

std::vector<Area> Store::areasByName(std::string_view name) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAreaCols +
                                             " FROM areas WHERE name = ? COLLATE NOCASE ORDER BY id");
        q.bind(1, std::string(text::trim(name)));
        return readAll<Area>(q, readArea);
    });
}

RowId Store::insert(Area& a)
{
    return writeInTransaction(*this, path(), [&] {
        if (text::trim(a.name).empty())
            throw DataError("an area needs a name");
        for (const auto& other : areasByName(a.name))
            if (other.kind == a.kind)
                throw DataError("an area named '" + other.name + "' already exists");
        if (a.uuid.empty())
            a.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO areas (uuid, code, name, kind, itl1_code, region_name, "
                                         "country, reference) VALUES (?,?,?,?,?,?,?,0)");
        bindText(q, 1, a.uuid);
        bindText(q, 2, std::string(text::trim(a.code)));
        bindText(q, 3, std::string(text::trim(a.name)));
        q.bind(4, std::string(areaKindCode(a.kind)));
        bindText(q, 5, a.itl1Code);
        bindText(q, 6, a.regionName);
        bindText(q, 7, a.country);
        q.exec();
        a.id = m_impl->db->getLastInsertRowid();
        a.reference = false;
        return a.id;
    });
}

void Store::update(const Area& a)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "UPDATE areas SET code = ?, name = ?, itl1_code = ?, region_name = ?, "
                                         "country = ? WHERE id = ?");
        bindText(q, 1, std::string(text::trim(a.code)));
        bindText(q, 2, std::string(text::trim(a.name)));
        bindText(q, 3, a.itl1Code);
        bindText(q, 4, a.regionName);
        bindText(q, 5, a.country);
        q.bind(6, a.id);
        q.exec();
        requireRow(*m_impl->db, "area", a.id);
    });
}

std::vector<RowId> Store::areaMembers(RowId parentId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT m.member_id FROM area_members m JOIN areas a ON a.id = m.member_id "
                                         "WHERE m.parent_id = ? ORDER BY a.name");
        q.bind(1, parentId);
        std::vector<RowId> out;
        while (q.executeStep())
            out.push_back(q.getColumn(0).getInt64());
        return out;
    });
}

void Store::setAreaMembers(RowId parentId, const std::vector<RowId>& memberIds)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement del(*m_impl->db, "DELETE FROM area_members WHERE parent_id = ?");
        del.bind(1, parentId);
        del.exec();
        SQLite::Statement ins(*m_impl->db, "INSERT INTO area_members (uuid, parent_id, member_id) VALUES (?,?,?)");
        for (RowId m : memberIds) {
            if (m == parentId)
                throw DataError("an area cannot be a member of itself");
            ins.reset();
            ins.bind(1, newUuid());
            ins.bind(2, parentId);
            ins.bind(3, m);
            ins.exec();
        }
    });
}

// ---- observations ------------------------------------------------------------------------------

namespace {

struct Where
{
    std::string sql;
    std::vector<std::pair<int, std::variant<std::int64_t, std::string>>> binds;
};

Where observationWhere(const ObservationFilter& f)
{
    Where w;
    std::vector<std::string> parts;
    int i = 0;
    auto add = [&](const std::string& cond, std::variant<std::int64_t, std::string> v) {
        parts.push_back(cond);
        w.binds.emplace_back(++i, std::move(v));
    };
    if (f.measureId)
        add("measure_id = ?", *f.measureId);
    if (f.areaId)
        add("area_id = ?", *f.areaId);
    if (f.period)
        add("period_key = ?", f.period->sortKey());
    if (f.sourceId)
        add("source_id = ?", *f.sourceId);
    if (f.dimension)
        add("dimension = ?", *f.dimension);
    if (f.category)
        add("category = ?", *f.category);
    else if (f.dimension && f.dimension->empty())
        // A total has no category (the table's CHECK): saying so lets SQLite read a measure's totals as one
        // range of the breakdown index (schema 9) rather than every figure of the measure.
        add("category = ?", std::string());
    for (std::size_t k = 0; k < parts.size(); ++k)
        w.sql += (k ? " AND " : " WHERE ") + parts[k];
    return w;
}

void bindWhere(SQLite::Statement& q, const Where& w)
{
    for (const auto& [i, v] : w.binds) {
        if (std::holds_alternative<std::int64_t>(v))
            q.bind(i, std::get<std::int64_t>(v));
        else
            q.bind(i, std::get<std::string>(v));
    }
}

void validateObservation(const Observation& o)
{
    if (o.dimension.empty() != o.category.empty())
        throw DataError("a breakdown needs both a dimension and a category (or neither, for a total)");
    if (o.value && (!std::isfinite(*o.value) || *o.value < 0))
        throw DataError("a figure cannot be negative");
    if (!o.value && !o.markers.hasReplacing())
        throw DataError("a figure needs a value or a marker that replaces it: [x] not available, [c] confidential, "
                        "[z] not applicable or [low]");
    if (o.value && o.markers.hasReplacing())
        throw DataError("a figure cannot have both a value and " + o.markers.replacingCode() +
                        ", which stands instead of a value");
    if (!o.asAt.empty() && !isCalendarDate(o.asAt, true))
        throw DataError("a figure's as-at date '" + text::quoteForMessage(o.asAt, 40) +
                        "' is not a date of the calendar written as 2019-06-10 (or 2019-06 for a month)");
}

// A count is a whole number: 1.5 offences is a typing error. The importer says so with the file's
// line; this check is for every other write (the grid, a paste, an edit), which names the cell.
void requireWholeCount(SQLite::Database& db, const Observation& o)
{
    if (!o.value || *o.value == std::floor(*o.value))
        return;
    SQLite::Statement q(db, "SELECT m.name, m.unit, a.name FROM measures m, areas a WHERE m.id = ? AND a.id = ?");
    q.bind(1, o.measureId);
    q.bind(2, o.areaId);
    if (!q.executeStep() || q.getColumn(1).getString() != unitCode(Unit::Count))
        return;
    std::array<char, 32> buf{};
    const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), *o.value).ptr;
    throw DataError("the figure for " + q.getColumn(2).getString() + ", " + o.period.toString() + ", measure '" +
                    q.getColumn(0).getString() + "' cannot be " + std::string(buf.data(), end) +
                    ": it is not a whole number, and the measure is a count; give the count, or enter the figure "
                    "under a rate or percentage measure");
}

void bindObservation(SQLite::Statement& q, const Observation& o)
{
    bindText(q, 1, o.uuid);
    q.bind(2, o.measureId);
    q.bind(3, o.areaId);
    q.bind(4, o.period.toString());
    q.bind(5, o.period.sortKey());
    bindText(q, 6, o.dimension);
    bindText(q, 7, o.category);
    if (o.value)
        q.bind(8, *o.value);
    else
        q.bind(8);
    q.bind(9, o.markers.toString());
    q.bind(10, o.sourceId);
    bindText(q, 11, o.note);
    bindText(q, 12, o.asAt);
    bindText(q, 13, std::string(text::trim(o.round)));
}

} // namespace

std::vector<Observation> Store::observations(const ObservationFilter& f) const
{
    return readTranslated(path(), [&] {
        const Where w = observationWhere(f);
        std::string sql = std::string("SELECT ") + kObservationCols + " FROM observations" + w.sql +
                          " ORDER BY measure_id, area_id, dimension, category, period_key, source_id";
        if (f.limit)
            sql += " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset);
        SQLite::Statement q(*m_impl->db, sql);
        bindWhere(q, w);
        return readAll<Observation>(q, readObservation);
    });
}

namespace {

// Read through SQLite's own interface: SQLiteCpp's Column objects cost a reference count each, and
// this runs for every column of every row. The uuid is left out: no figure uses it.
constexpr const char* kAnalysisCols =
    "id, area_id, period_key, dimension, category, value, markers, source_id, note, as_at, round";

using RawStatement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

RawStatement prepareRaw(sqlite3* db, const std::string& sql)
{
    sqlite3_stmt* prepared = nullptr;
    if (const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &prepared, nullptr); rc != SQLITE_OK)
        throw SQLite::Exception(db, rc);
    return RawStatement(prepared, sqlite3_finalize);
}

std::string_view columnText(sqlite3_stmt* stmt, int column)
{
    const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return {chars, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column))};
}

/// Collects one measure's AnalysisRows as they are read.
class AnalysisRowsBuilder
{
public:
    explicit AnalysisRowsBuilder(RowId measureId) { m_out.measureId = measureId; }

    void reserve(std::size_t rows) { m_out.rows.reserve(rows); }
    std::size_t size() const noexcept { return m_out.rows.size(); }

    void add(sqlite3_stmt* stmt)
    {
        auto& r = m_out.rows.emplace_back();
        r.id = sqlite3_column_int64(stmt, 0);
        r.areaId = sqlite3_column_int64(stmt, 1);
        r.periodKey = sqlite3_column_int64(stmt, 2);
        // A breakdown's categories usually come in the same cycle, area after area: the category that
        // followed this one last time is tried first, and the text table only when it is not the one.
        r.dimension = m_lastDimension = intern(columnText(stmt, 3), m_lastDimension);
        r.category = intern(columnText(stmt, 4), m_successor[m_lastCategory]);
        m_successor[m_lastCategory] = r.category;
        m_lastCategory = r.category;
        if (sqlite3_column_type(stmt, 5) != SQLITE_NULL) {
            r.value = sqlite3_column_double(stmt, 5);
            r.hasValue = true;
        }
        if (const std::string_view markers = columnText(stmt, 6); !markers.empty())
            r.markers = Markers::parse(markers);
        r.sourceId = sqlite3_column_int64(stmt, 7);
        if (const std::string_view note = columnText(stmt, 8); !note.empty()) {
            r.note = static_cast<std::uint32_t>(m_out.notes.size());
            m_out.notes.emplace_back(note);
        }
        const std::string_view asAt = columnText(stmt, 9), round = columnText(stmt, 10);
        if (!asAt.empty() || !round.empty()) {
            // A measure's figures share a few as-at dates and rounds: the one of the row before is tried first.
            const auto& last = m_out.provenances[m_lastProvenance];
            if (last.first != asAt || last.second != round) {
                const auto it = std::find_if(m_out.provenances.begin(), m_out.provenances.end(),
                                             [&](const auto& p) { return p.first == asAt && p.second == round; });
                m_lastProvenance = static_cast<std::uint32_t>(it - m_out.provenances.begin());
                if (it == m_out.provenances.end())
                    m_out.provenances.emplace_back(asAt, round);
            }
            r.provenance = m_lastProvenance;
        }
    }

    /// The rows, their texts renumbered in byte order.
    AnalysisRows finish() &&
    {
        auto& texts = m_out.texts;
        std::vector<std::uint32_t> byText(texts.size());
        for (std::uint32_t i = 0; i < byText.size(); ++i)
            byText[i] = i;
        std::sort(byText.begin(), byText.end(), [&](auto a, auto b) { return texts[a] < texts[b]; });
        std::vector<std::uint32_t> renumbered(texts.size());
        std::vector<std::string> sorted;
        sorted.reserve(texts.size());
        for (std::uint32_t rank = 0; rank < byText.size(); ++rank) {
            renumbered[byText[rank]] = rank;
            sorted.push_back(std::move(texts[byText[rank]]));
        }
        texts = std::move(sorted); // "" stays first: no text sorts before it
        for (auto& r : m_out.rows) {
            r.dimension = renumbered[r.dimension];
            r.category = renumbered[r.category];
        }
        return std::move(m_out);
    }

private:
    std::uint32_t intern(std::string_view text, std::uint32_t guess)
    {
        if (m_out.texts[guess] == text)
            return guess;
        if (const auto it = m_ids.find(text); it != m_ids.end())
            return it->second;
        const auto id = static_cast<std::uint32_t>(m_out.texts.size());
        m_out.texts.emplace_back(text);
        m_ids.emplace(m_out.texts.back(), id);
        m_successor.push_back(0);
        return id;
    }

    AnalysisRows m_out;
    std::map<std::string, std::uint32_t, std::less<>> m_ids{{std::string(), 0}};
    std::vector<std::uint32_t> m_successor{0}; ///< by text: the category read after it last time
    std::uint32_t m_lastDimension = 0, m_lastCategory = 0, m_lastProvenance = 0;
};

} // namespace

Observation AnalysisRows::observation(const Row& row) const
{
    Observation o;
    o.id = row.id;
    o.measureId = measureId;
    o.areaId = row.areaId;
    o.period = Period::fromSortKey(row.periodKey);
    o.dimension = texts[row.dimension];
    o.category = texts[row.category];
    if (row.hasValue)
        o.value = row.value;
    o.markers = row.markers;
    o.sourceId = row.sourceId;
    o.note = notes[row.note];
    o.asAt = provenances[row.provenance].first;
    o.round = provenances[row.provenance].second;
    return o;
}

AnalysisRows Store::observationsForAnalysis(RowId measureId) const
{
    return readTranslated(path(), [&] {
        // The order of the UNIQUE identity index, so SQLite needs no temporary sort.
        sqlite3* db = m_impl->db->getHandle();
        const RawStatement q = prepareRaw(db, std::string("SELECT ") + kAnalysisCols +
                                                  " FROM observations WHERE measure_id = ? "
                                                  "ORDER BY area_id, dimension, category, period_key, source_id");
        sqlite3_stmt* stmt = q.get();
        sqlite3_bind_int64(stmt, 1, measureId);
        AnalysisRowsBuilder out(measureId);
        int rc = SQLITE_OK;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            out.add(stmt);
        if (rc != SQLITE_DONE)
            throw SQLite::Exception(db, rc);
        return std::move(out).finish();
    });
}

void Store::forEachMeasureForAnalysis(const std::vector<RowId>& measureIds,
                                      const std::function<void(AnalysisRows)>& ready) const
{
    readTranslated(path(), [&] {
        sqlite3* db = m_impl->db->getHandle();
        // The counts and the rows must come from one snapshot of the store, or a figure saved by
        // another program between the two reads would be counted in one and not the other.
        const ReadSnapshot snapshot(*this);

        struct Pending
        {
            AnalysisRowsBuilder rows;
            std::size_t expected = 0;
        };
        std::map<RowId, Pending> pending;
        for (RowId id : measureIds)
            pending.try_emplace(id, Pending{AnalysisRowsBuilder(id)});
        {
            // Knowing each measure's count sizes its list and tells when the last of its rows has been
            // read.
            SQLite::Statement counts(*m_impl->db, "SELECT measure_id, count(*) FROM observations GROUP BY measure_id");
            while (counts.executeStep())
                if (const auto it = pending.find(counts.getColumn(0).getInt64()); it != pending.end()) {
                    it->second.expected = static_cast<std::size_t>(counts.getColumn(1).getInt64());
                    it->second.rows.reserve(it->second.expected);
                }
        }
        for (auto it = pending.begin(); it != pending.end();) {
            if (it->second.expected == 0) {
                ready(std::move(it->second.rows).finish());
                it = pending.erase(it);
            } else {
                ++it;
            }
        }
        if (pending.empty())
            return;
        // One pass over the table in its own order reads each page once, in file order, where the index
        // would be walked and every row then looked up in the table (about twice the time at a million
        // observations).
        const RawStatement q =
            prepareRaw(db, std::string("SELECT ") + kAnalysisCols + ", measure_id FROM observations NOT INDEXED");
        sqlite3_stmt* stmt = q.get();
        std::optional<RowId> lastMeasure;
        Pending* current = nullptr; // lastMeasure's, null when it was not asked for or is done
        int rc = SQLITE_OK;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const RowId measureId = sqlite3_column_int64(stmt, 11);
            if (measureId != lastMeasure) {
                const auto it = pending.find(measureId);
                current = it == pending.end() ? nullptr : &it->second;
                lastMeasure = measureId;
            }
            if (!current)
                continue;
            current->rows.add(stmt);
            if (current->rows.size() == current->expected) {
                ready(std::move(current->rows).finish());
                pending.erase(measureId);
                current = nullptr;
                if (pending.empty())
                    return;
            }
        }
        if (rc != SQLITE_DONE)
            throw SQLite::Exception(db, rc);
        throw Error("internal error: " + path().string() + " held fewer observations of a measure than it counted");
    });
}

std::map<RowId, std::vector<RowId>> Store::allAreaMembers() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT m.parent_id, m.member_id FROM area_members m "
                                         "JOIN areas a ON a.id = m.member_id ORDER BY m.parent_id, a.name");
        std::map<RowId, std::vector<RowId>> out;
        while (q.executeStep())
            out[q.getColumn(0).getInt64()].push_back(q.getColumn(1).getInt64());
        return out;
    });
}

std::size_t Store::observationCount(const ObservationFilter& f) const
{
    return readTranslated(path(), [&] {
        const Where w = observationWhere(f);
        SQLite::Statement q(*m_impl->db, "SELECT count(*) FROM observations" + w.sql);
        bindWhere(q, w);
        q.executeStep();
        return static_cast<std::size_t>(q.getColumn(0).getInt64());
    });
}

std::optional<Observation> Store::observation(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kObservationCols + " FROM observations WHERE id = ?");
        q.bind(1, id);
        return readOne<Observation>(q, readObservation);
    });
}

std::optional<Observation> Store::findObservation(const Observation& k) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kObservationCols +
                                             " FROM observations WHERE measure_id = ? AND area_id = ? AND "
                                             "period_key = ? AND dimension = ? AND category = ? AND source_id = ?");
        q.bind(1, k.measureId);
        q.bind(2, k.areaId);
        q.bind(3, k.period.sortKey());
        q.bind(4, k.dimension);
        q.bind(5, k.category);
        q.bind(6, k.sourceId);
        return readOne<Observation>(q, readObservation);
    });
}

RowId Store::insert(Observation& o)
{
    return writeInTransaction(*this, path(), [&] {
        validateObservation(o);
        requireWholeCount(*m_impl->db, o);
        if (o.uuid.empty())
            o.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO observations (uuid, measure_id, area_id, period, period_key, "
                                         "dimension, category, value, markers, source_id, note, as_at, round) "
                                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
        bindObservation(q, o);
        q.exec();
        o.id = m_impl->db->getLastInsertRowid();
        return o.id;
    });
}

void Store::update(const Observation& o)
{
    writeInTransaction(*this, path(), [&] {
        validateObservation(o);
        requireWholeCount(*m_impl->db, o);
        SQLite::Statement q(*m_impl->db, "UPDATE observations SET uuid = ?, measure_id = ?, area_id = ?, period = ?, "
                                         "period_key = ?, dimension = ?, category = ?, value = ?, markers = ?, "
                                         "source_id = ?, note = ?, as_at = ?, round = ? WHERE id = ?");
        bindObservation(q, o);
        q.bind(14, o.id);
        q.exec();
        requireRow(*m_impl->db, "figure", o.id);
    });
}

void Store::removeObservation(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "DELETE FROM observations WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "figure", id);
    });
}

namespace {

/// UUIDs for one bulk write that sort in the order they are made (RFC 9562 version 7: the time in
/// milliseconds, then a counter from a random start). Random version-4 UUIDs land all over the
/// uuid index, so every insert rewrites a different page; these append to its end.
class SequentialUuids
{
public:
    SequentialUuids()
    {
        std::random_device rd;
        const auto ms = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
        m_high = (ms << 16) | 0x7000u | (rd() & 0x0FFFu);
        // 61 random bits leave 2^61 increments before the counter could reach the variant bits.
        m_counter = ((std::uint64_t{rd()} << 32) | rd()) & ((std::uint64_t{1} << 61) - 1);
    }
    const std::string& next()
    {
        const std::uint64_t low = (std::uint64_t{0x2} << 62) | m_counter++;
        static constexpr char kHex[] = "0123456789abcdef";
        m_text.resize(36);
        std::size_t at = 0;
        auto put = [&](std::uint64_t v, int fromBit, int digits) {
            for (int i = 0; i < digits; ++i, fromBit -= 4)
                m_text[at++] = kHex[(v >> fromBit) & 0xF];
        };
        put(m_high, 60, 8);
        m_text[at++] = '-';
        put(m_high, 28, 4);
        m_text[at++] = '-';
        put(m_high, 12, 4);
        m_text[at++] = '-';
        put(low, 60, 4);
        m_text[at++] = '-';
        put(low, 44, 12);
        return m_text;
    }

private:
    std::uint64_t m_high = 0, m_counter = 0;
    std::string m_text;
};

} // namespace

struct Store::ObservationWriter::Statements
{
    SQLite::Statement insert;
    SQLite::Statement upsert;
    SequentialUuids uuids;
    // Bound without a copy (bindNoCopy), so they must outlive each statement's step.
    std::string period, markers;
};

Store::ObservationWriter::ObservationWriter(Store& store) : m_store(store)
{
    if (store.m_impl->depth == 0)
        throw Error("internal error: ObservationWriter needs an open transaction");
    const std::string cols = "(uuid, measure_id, area_id, period, period_key, dimension, category, value, markers, "
                             "source_id, note, as_at, round) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    m_statements = std::unique_ptr<Statements>(new Statements{
        SQLite::Statement(*store.m_impl->db, "INSERT INTO observations " + cols),
        SQLite::Statement(*store.m_impl->db,
                          "INSERT INTO observations " + cols +
                              " ON CONFLICT (measure_id, area_id, dimension, category, period_key, source_id) DO "
                              "UPDATE SET value = excluded.value, markers = excluded.markers, note = excluded.note, "
                              "as_at = excluded.as_at, round = excluded.round RETURNING id, uuid"),
        SequentialUuids(), std::string(), std::string()});
}

Store::ObservationWriter::~ObservationWriter() = default;

bool Store::ObservationWriter::write(Observation& o, bool replace)
{
    validateObservation(o);
    auto& st = *m_statements;
    if (o.uuid.empty())
        o.uuid = st.uuids.next();
    auto& impl = *m_store.m_impl;
    // The reader has checked the text is UTF-8 already, but the store must not trust its callers.
    for (const std::string* text : {&o.uuid, &o.dimension, &o.category, &o.note, &o.asAt, &o.round})
        if (!text::isValidUtf8(*text))
            throw DataError("text is not valid UTF-8 and cannot be saved");
    // The importer binds a million rows: copying each string into SQLite (bind) costs more than
    // keeping ours alive until the step (bindNoCopy).
    auto bindAll = [&](SQLite::Statement& q) {
        st.period = o.period.toString();
        st.markers = o.markers.toString();
        q.bindNoCopy(1, o.uuid);
        q.bind(2, o.measureId);
        q.bind(3, o.areaId);
        q.bindNoCopy(4, st.period);
        q.bind(5, o.period.sortKey());
        q.bindNoCopy(6, o.dimension);
        q.bindNoCopy(7, o.category);
        if (o.value)
            q.bind(8, *o.value);
        else
            q.bind(8);
        q.bindNoCopy(9, st.markers);
        q.bind(10, o.sourceId);
        q.bindNoCopy(11, o.note);
        q.bindNoCopy(12, o.asAt);
        q.bindNoCopy(13, o.round);
    };
    try {
        if (!replace) {
            auto& q = st.insert;
            q.reset();
            bindAll(q);
            q.exec();
            o.id = impl.db->getLastInsertRowid();
            return false;
        }
        auto& q = st.upsert;
        q.reset();
        bindAll(q);
        q.executeStep();
        o.id = q.getColumn(0).getInt64();
        const std::string storedUuid = q.getColumn(1).getString();
        while (q.executeStep()) {
        }
        const bool replaced = storedUuid != o.uuid;
        o.uuid = storedUuid;
        return replaced;
    } catch (const SQLite::Exception& e) {
        if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE)
            throw DuplicateError("the store already holds this figure (same measure, area, period, breakdown and "
                                 "source): use --replace to overwrite it");
        rethrowSqlite(e, impl.path);
    }
}

Store::BulkImport::BulkImport(Store& store, std::string_view quietTable) : m_store(store)
{
    auto& impl = *store.m_impl;
    if (impl.depth == 0)
        throw Error("internal error: BulkImport needs an open transaction");
    if (impl.capture)
        impl.capture->suspend();
    if (quietTable.empty())
        return;
    // Any trigger on a table makes SQLite keep a statement journal (a copy of every page each row
    // touches), even one whose WHEN clause is false; dropping it is what makes the import fast.
    const std::string name = "audit_" + std::string(quietTable) + "_insert";
    try {
        SQLite::Statement q(*impl.db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        q.bind(1, name);
        if (!q.executeStep())
            throw Error("internal error: the store has no trigger " + name);
        m_triggerSql = q.getColumn(0).getString();
        q.reset();
        impl.db->exec("DROP TRIGGER \"" + name + "\"");
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
}

Store::BulkImport::~BulkImport()
{
    if (m_finished || m_triggerSql.empty())
        return;
    // The enclosing transaction normally rolls back next, which restores the trigger too; this keeps
    // later writes audited should the caller carry on in the same transaction.
    (void)m_store.m_impl->db->tryExec(m_triggerSql);
}

namespace {

// A file is often named after what it holds ("callum-b statement.csv"), and no scanner can be sure of a
// file name (lower case, initials, run-together words). The hash and size name the file, so the store
// keeps only the name's length and a short extension.
std::string withheldFileName(std::string_view name)
{
    const auto slash = name.find_last_of('/');
    const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    std::string out = "[file name withheld: " + std::to_string(text::codePointCount(base)) + " characters]";
    const auto dot = base.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0)
        return out;
    const std::string_view ext = base.substr(dot + 1);
    if (ext.empty() || ext.size() > 4 || !std::all_of(ext.begin(), ext.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }))
        return out;
    return out + "." + std::string(ext);
}

} // namespace

std::string Store::BulkImport::finish(const ImportRecord& r)
{
    auto& impl = *m_store.m_impl;
    const std::string uuid = newUuid();
    try {
        if (!m_triggerSql.empty())
            impl.db->exec(m_triggerSql);
        m_finished = true;
        SQLite::Statement q(*impl.db, "INSERT INTO imports (uuid, file_name, file_size, sha256, kind, rows, inserted, "
                                      "replaced, options) VALUES (?,?,?,?,?,?,?,?,?)");
        q.bind(1, uuid);
        q.bind(2, withheldFileName(r.fileName));
        q.bind(3, static_cast<std::int64_t>(r.fileSize));
        q.bind(4, r.sha256);
        q.bind(5, r.kind);
        q.bind(6, static_cast<std::int64_t>(r.rows));
        q.bind(7, static_cast<std::int64_t>(r.inserted));
        q.bind(8, static_cast<std::int64_t>(r.replaced));
        q.bind(9, r.options);
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrowSqlite(e, impl.path);
    }
    return uuid;
}

std::vector<Period> Store::periods(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            "SELECT DISTINCT period_key FROM observations WHERE measure_id = ? ORDER BY period_key");
        q.bind(1, measureId);
        std::vector<Period> out;
        while (q.executeStep())
            out.push_back(Period::fromSortKey(q.getColumn(0).getInt64()));
        return out;
    });
}

std::vector<std::pair<std::string, std::string>> Store::breakdowns(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT DISTINCT dimension, category FROM observations WHERE measure_id = ? "
                                         "AND dimension <> '' ORDER BY dimension, category");
        q.bind(1, measureId);
        std::vector<std::pair<std::string, std::string>> out;
        while (q.executeStep())
            out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        return out;
    });
}

// ---- case studies ------------------------------------------------------------------------------

namespace {

std::vector<std::string> caseStudyQuestionNumbers(SQLite::Database& db, RowId caseStudyId)
{
    SQLite::Statement q(db, "SELECT q.number FROM case_study_questions c JOIN questions q ON q.id = c.question_id "
                            "WHERE c.case_study_id = ? ORDER BY q.position");
    q.bind(1, caseStudyId);
    std::vector<std::string> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getString());
    return out;
}

// The question numbers of every case study in @p all, in one query instead of one per case study.
void attachQuestionNumbers(SQLite::Database& db, std::vector<CaseStudy>& all)
{
    std::map<RowId, CaseStudy*> byId;
    for (auto& c : all)
        byId[c.id] = &c;
    SQLite::Statement q(db, "SELECT c.case_study_id, q.number FROM case_study_questions c JOIN questions q ON "
                            "q.id = c.question_id ORDER BY c.case_study_id, q.position");
    while (q.executeStep())
        if (const auto it = byId.find(q.getColumn(0).getInt64()); it != byId.end())
            it->second->questionNumbers.push_back(q.getColumn(1).getString());
}

CaseStudy readCaseStudy(SQLite::Statement& q)
{
    CaseStudy c;
    c.id = q.getColumn(0).getInt64();
    c.uuid = q.getColumn(1).getString();
    c.reference = q.getColumn(2).getString();
    c.title = q.getColumn(3).getString();
    c.narrative = q.getColumn(4).getString();
    if (!q.getColumn(5).isNull())
        c.age = q.getColumn(5).getInt();
    c.ageBand = q.getColumn(6).getString();
    c.gender = q.getColumn(7).getString();
    c.regionAreaId = q.getColumn(8).isNull() ? 0 : q.getColumn(8).getInt64();
    if (!q.getColumn(9).isNull())
        c.year = q.getColumn(9).getInt();
    c.harmTypes = text::splitList(q.getColumn(10).getString());
    c.platformTypes = text::splitList(q.getColumn(11).getString());
    c.outcome = q.getColumn(12).getString();
    c.consent = parseConsent(q.getColumn(13).getString());
    c.consentRecordedBy = q.getColumn(14).getString();
    c.consentDate = q.getColumn(15).getString();
    c.review = q.getColumn(16).getString() == "reviewed" ? ReviewState::Reviewed : ReviewState::Draft;
    c.reviewedBy = q.getColumn(17).getString();
    c.reviewedAt = q.getColumn(18).getString();
    c.basis = parseCaseStudyBasis(q.getColumn(19).getString());
    c.citation.publisher = q.getColumn(20).getString();
    c.citation.title = q.getColumn(21).getString();
    c.citation.date = q.getColumn(22).getString();
    c.citation.url = q.getColumn(23).getString();
    return c;
}

void bindCaseStudy(SQLite::Statement& q, const CaseStudy& c)
{
    if (text::trim(c.reference).empty())
        throw DataError("a case study needs a reference, e.g. CS-005");
    if (c.age && !c.ageBand.empty())
        throw DataError("give an age or an age band, not both");
    bindText(q, 1, c.uuid);
    bindText(q, 2, std::string(text::trim(c.reference)));
    bindText(q, 3, c.title);
    bindText(q, 4, c.narrative);
    if (c.age)
        q.bind(5, *c.age);
    else
        q.bind(5);
    bindText(q, 6, c.ageBand);
    bindText(q, 7, c.gender);
    if (c.regionAreaId)
        q.bind(8, c.regionAreaId);
    else
        q.bind(8);
    if (c.year)
        q.bind(9, *c.year);
    else
        q.bind(9);
    bindText(q, 10, text::join(c.harmTypes, ";"));
    bindText(q, 11, text::join(c.platformTypes, ";"));
    bindText(q, 12, c.outcome);
    // A published account rests on its citation, not on a consent: the charity holds none for it.
    const bool published = c.basis == CaseStudyBasis::PublishedAccount;
    if (published && (c.consent == Consent::Obtained || c.consent == Consent::NotObtained))
        throw DataError("a published account has no consent of the charity's to record: clear the consent, or "
                        "record the case study as told with consent");
    if (published && (text::trim(c.citation.publisher).empty() || text::trim(c.citation.title).empty() ||
                      (c.citation.date.empty() && text::trim(c.citation.url).empty())))
        throw DataError("a published account needs its citation: the publisher, the title, and the date published "
                        "or the address");
    if (!c.citation.date.empty() && !isCalendarDate(c.citation.date, true))
        throw DataError("the citation's date '" + text::quoteForMessage(c.citation.date, 40) +
                        "' is not a date of the calendar written as 2019-06-10 (or 2019-06)");
    q.bind(13, published ? std::string("not_applicable") : std::string(consentCode(c.consent)));
    bindText(q, 14, published ? std::string() : c.consentRecordedBy);
    bindText(q, 15, published ? std::string() : c.consentDate);
    q.bind(16, std::string(reviewStateCode(c.review)));
    bindText(q, 17, c.reviewedBy);
    bindText(q, 18, c.reviewedAt);
    q.bind(19, std::string(caseStudyBasisCode(c.basis)));
    bindText(q, 20, std::string(text::trim(c.citation.publisher)));
    bindText(q, 21, std::string(text::trim(c.citation.title)));
    bindText(q, 22, c.citation.date);
    bindText(q, 23, std::string(text::trim(c.citation.url)));
}

/// A workbook cell holds at most 32,767 characters; a longer text would be accepted now and refused
/// at export.
void checkCaseStudyText(const CaseStudy& c)
{
    for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"title", &c.title},
                                      {"narrative", &c.narrative},
                                      {"outcome", &c.outcome}})
        if (text::codePointCount(*value) > 32767)
            throw DataError(std::string("the case study's ") + name + " is " +
                            std::to_string(text::codePointCount(*value)) +
                            " characters long: an Excel cell holds at most 32,767");
}

void checkCaseStudyRegion(const Store& store, const CaseStudy& c)
{
    checkCaseStudyText(c);
    if (!c.regionAreaId)
        return;
    const auto a = store.area(c.regionAreaId);
    if (!a || a->itl1Code.empty())
        throw DataError("a case study's location must be an ITL1 region or a nation (e.g. South West, Wales), "
                        "never a town or a police force area");
}

void saveCaseStudyQuestions(Store& store, SQLite::Database& db, const CaseStudy& c)
{
    SQLite::Statement del(db, "DELETE FROM case_study_questions WHERE case_study_id = ?");
    del.bind(1, c.id);
    del.exec();
    if (c.questionNumbers.empty())
        return;
    const auto consultations = store.consultations();
    if (consultations.size() != 1)
        throw DataError("the store holds " + std::to_string(consultations.size()) +
                        " consultations, so question numbers are ambiguous");
    SQLite::Statement ins(db, "INSERT OR IGNORE INTO case_study_questions (uuid, case_study_id, question_id) "
                              "VALUES (?,?,?)");
    for (const auto& number : c.questionNumbers) {
        const auto q = store.questionByNumber(consultations[0].id, number);
        if (!q)
            throw DataError("question '" + number + "' is not a question of " + consultations[0].title);
        ins.reset();
        ins.bind(1, newUuid());
        ins.bind(2, c.id);
        ins.bind(3, q->id);
        ins.exec();
    }
}

} // namespace

std::vector<CaseStudy> Store::caseStudies() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kCaseStudyCols + " FROM case_studies ORDER BY reference");
        auto all = readAll<CaseStudy>(q, readCaseStudy);
        attachQuestionNumbers(*m_impl->db, all);
        return all;
    });
}

std::optional<CaseStudy> Store::caseStudy(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kCaseStudyCols + " FROM case_studies WHERE id = ?");
        q.bind(1, id);
        auto c = readOne<CaseStudy>(q, readCaseStudy);
        if (c)
            c->questionNumbers = caseStudyQuestionNumbers(*m_impl->db, c->id);
        return c;
    });
}

std::optional<CaseStudy> Store::caseStudyByReference(std::string_view reference) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kCaseStudyCols +
                                             " FROM case_studies WHERE reference = ? COLLATE NOCASE");
        q.bind(1, std::string(text::trim(reference)));
        auto c = readOne<CaseStudy>(q, readCaseStudy);
        if (c)
            c->questionNumbers = caseStudyQuestionNumbers(*m_impl->db, c->id);
        return c;
    });
}

RowId Store::insert(CaseStudy& c)
{
    return writeInTransaction(*this, path(), [&] {
        if (auto existing = caseStudyByReference(c.reference))
            throw DataError("a case study with reference '" + existing->reference + "' already exists");
        checkCaseStudyRegion(*this, c);
        if (c.uuid.empty())
            c.uuid = newUuid();
        SQLite::Statement q(*m_impl->db,
                            "INSERT INTO case_studies (uuid, reference, title, narrative, age, age_band, gender, "
                            "region_area_id, year, harm_types, platform_types, outcome, consent, consent_recorded_by, "
                            "consent_date, review_state, reviewed_by, reviewed_at, basis, citation_publisher, "
                            "citation_title, citation_date, citation_url) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        bindCaseStudy(q, c);
        q.exec();
        c.id = m_impl->db->getLastInsertRowid();
        saveCaseStudyQuestions(*this, *m_impl->db, c);
        return c.id;
    });
}

void Store::update(const CaseStudy& changed)
{
    writeInTransaction(*this, path(), [&] {
        const auto before = caseStudy(changed.id);
        if (!before)
            throw NotFoundError("case study " + std::to_string(changed.id) + " does not exist");
        if (auto other = caseStudyByReference(changed.reference); other && other->id != changed.id)
            throw DataError("another case study already has reference '" + other->reference + "'");
        checkCaseStudyRegion(*this, changed);
        CaseStudy c = changed;
        // The citation is printed beside the text and says what the account rests on: a review covers it too.
        const bool textChanged = c.title != before->title || c.narrative != before->narrative ||
                                 c.outcome != before->outcome || c.basis != before->basis ||
                                 c.citation.publisher != before->citation.publisher ||
                                 c.citation.title != before->citation.title;
        if (textChanged && before->review == ReviewState::Reviewed) {
            c.review = ReviewState::Draft;
            c.reviewedBy.clear();
            c.reviewedAt.clear();
        }
        SQLite::Statement q(*m_impl->db,
                            "UPDATE case_studies SET uuid = ?, reference = ?, title = ?, narrative = ?, age = ?, "
                            "age_band = ?, gender = ?, region_area_id = ?, year = ?, harm_types = ?, "
                            "platform_types = ?, outcome = ?, consent = ?, consent_recorded_by = ?, "
                            "consent_date = ?, review_state = ?, reviewed_by = ?, reviewed_at = ?, basis = ?, "
                            "citation_publisher = ?, citation_title = ?, citation_date = ?, citation_url = ? "
                            "WHERE id = ?");
        bindCaseStudy(q, c);
        q.bind(24, c.id);
        q.exec();
        saveCaseStudyQuestions(*this, *m_impl->db, c);
    });
}

void Store::removeCaseStudy(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "DELETE FROM case_studies WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "case study", id);
    });
}

void Store::setReviewState(RowId id, ReviewState state, const std::string& role, const std::string& on)
{
    writeInTransaction(*this, path(), [&] {
        if (state == ReviewState::Reviewed && text::trim(role).empty())
            throw DataError("say which role reviewed the case study (e.g. Policy officer)");
        const std::string now = m_impl->options.clock();
        if (!on.empty()) {
            if (!isCalendarDate(on))
                throw DataError("the review date '" + text::quoteForMessage(on, 40) +
                                "' is not a date of the calendar written as 2019-10-02");
            // ISO dates compare as text; the clock's time starts with its date.
            if (on > now.substr(0, 10))
                throw DataError("the review date " + on + " is in the future (today is " + now.substr(0, 10) +
                                "): give the date the review happened");
        }
        SQLite::Statement q(*m_impl->db,
                            "UPDATE case_studies SET review_state = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?");
        q.bind(1, std::string(reviewStateCode(state)));
        bindText(q, 2, state == ReviewState::Reviewed ? std::string(text::trim(role)) : std::string());
        q.bind(3, state == ReviewState::Reviewed ? (on.empty() ? now : on) : std::string());
        q.bind(4, id);
        q.exec();
        requireRow(*m_impl->db, "case study", id);
    });
}

// ---- consultations and questions ---------------------------------------------------------------

std::vector<Consultation> Store::consultations() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kConsultationCols + " FROM consultations ORDER BY id");
        return readAll<Consultation>(q, readConsultation);
    });
}

std::optional<Consultation> Store::consultation(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kConsultationCols + " FROM consultations WHERE id = ?");
        q.bind(1, id);
        return readOne<Consultation>(q, readConsultation);
    });
}

namespace {
void bindConsultation(SQLite::Statement& q, const Consultation& c)
{
    if (text::trim(c.title).empty())
        throw DataError("a consultation needs a title");
    bindText(q, 1, c.uuid);
    bindText(q, 2, c.code);
    bindText(q, 3, c.title);
    bindText(q, 4, c.publisher);
    bindText(q, 5, c.opens);
    bindText(q, 6, c.closes);
    bindText(q, 7, c.url);
}
void bindQuestion(SQLite::Statement& q, const Question& x)
{
    if (text::trim(x.number).empty())
        throw DataError("a question needs a number, e.g. 7a");
    bindText(q, 1, x.uuid);
    q.bind(2, x.consultationId);
    bindText(q, 3, std::string(text::trim(x.number)));
    q.bind(4, x.position);
    bindText(q, 5, x.text);
    q.bind(6, std::string(answerTypeCode(x.answerType)));
    bindText(q, 7, text::join(x.choices, ";"));
    for (auto [column, limit] : {std::pair{8, x.wordLimit}, {9, x.formCharLimit}}) {
        if (limit && *limit <= 0)
            throw DataError("question " + x.number + ": a limit must be a positive number");
        if (limit)
            q.bind(column, *limit);
        else
            q.bind(column);
    }
    q.bind(10, x.required ? 1 : 0);
}
} // namespace

RowId Store::insert(Consultation& c)
{
    return writeInTransaction(*this, path(), [&] {
        if (c.uuid.empty())
            c.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO consultations (uuid, code, title, publisher, opens, closes, url) "
                                         "VALUES (?,?,?,?,?,?,?)");
        bindConsultation(q, c);
        q.exec();
        c.id = m_impl->db->getLastInsertRowid();
        return c.id;
    });
}

void Store::update(const Consultation& c)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "UPDATE consultations SET uuid = ?, code = ?, title = ?, publisher = ?, "
                                         "opens = ?, closes = ?, url = ? WHERE id = ?");
        bindConsultation(q, c);
        q.bind(8, c.id);
        q.exec();
        requireRow(*m_impl->db, "consultation", c.id);
    });
}

std::vector<Question> Store::questions(RowId consultationId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kQuestionCols +
                                             " FROM questions WHERE consultation_id = ? ORDER BY position, id");
        q.bind(1, consultationId);
        return readAll<Question>(q, readQuestion);
    });
}

std::optional<Question> Store::question(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kQuestionCols + " FROM questions WHERE id = ?");
        q.bind(1, id);
        return readOne<Question>(q, readQuestion);
    });
}

std::optional<Question> Store::questionByNumber(RowId consultationId, std::string_view number) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kQuestionCols +
                                             " FROM questions WHERE consultation_id = ? AND number = ? COLLATE NOCASE");
        q.bind(1, consultationId);
        q.bind(2, std::string(text::trim(number)));
        return readOne<Question>(q, readQuestion);
    });
}

RowId Store::insert(Question& x)
{
    return writeInTransaction(*this, path(), [&] {
        if (questionByNumber(x.consultationId, x.number))
            throw DataError("question " + x.number + " already exists in this consultation");
        if (x.uuid.empty())
            x.uuid = newUuid();
        if (x.position == 0)
            x.position = static_cast<int>(
                m_impl->db
                    ->execAndGet("SELECT coalesce(max(position), 0) + 1 FROM questions WHERE consultation_id = " +
                                 std::to_string(x.consultationId))
                    .getInt());
        SQLite::Statement q(*m_impl->db, "INSERT INTO questions (uuid, consultation_id, number, position, text, "
                                         "answer_type, choices, word_limit, form_char_limit, required) "
                                         "VALUES (?,?,?,?,?,?,?,?,?,?)");
        bindQuestion(q, x);
        q.exec();
        x.id = m_impl->db->getLastInsertRowid();
        return x.id;
    });
}

void Store::update(const Question& x)
{
    writeInTransaction(*this, path(), [&] {
        if (auto other = questionByNumber(x.consultationId, x.number); other && other->id != x.id)
            throw DataError("question " + x.number + " already exists in this consultation");
        SQLite::Statement q(*m_impl->db, "UPDATE questions SET uuid = ?, consultation_id = ?, number = ?, "
                                         "position = ?, text = ?, answer_type = ?, choices = ?, word_limit = ?, "
                                         "form_char_limit = ?, required = ? WHERE id = ?");
        bindQuestion(q, x);
        q.bind(11, x.id);
        q.exec();
        requireRow(*m_impl->db, "question", x.id);
    });
}

std::optional<ConsultationProfile> Store::consultationProfile(RowId consultationId) const
{
    return readTranslated(path(), [&]() -> std::optional<ConsultationProfile> {
        const auto c = consultation(consultationId);
        SQLite::Statement q(*m_impl->db,
                            "SELECT name, closes_time, time_zone, channels, file_formats, max_file_mb, "
                            "word_limit_total, word_limit_answer, partial_answers, extra_points, publication, "
                            "confidentiality_note, heading, summary_first, numbered_paragraphs, wording_checked, "
                            "wording_note FROM consultation_profiles WHERE consultation_id = ?");
        q.bind(1, consultationId);
        if (!c || !q.executeStep())
            return std::nullopt;
        auto optionalInt = [&](int column) -> std::optional<int> {
            if (q.getColumn(column).isNull())
                return std::nullopt;
            return q.getColumn(column).getInt();
        };
        ConsultationProfile p;
        p.name = q.getColumn(0).getString();
        p.code = c->code;
        p.title = c->title;
        p.publisher = c->publisher;
        p.url = c->url;
        p.opens = c->opens;
        p.closesDate = c->closes;
        p.closesTime = q.getColumn(1).getString();
        p.timeZone = q.getColumn(2).getString();
        p.channels = text::splitList(q.getColumn(3).getString());
        p.fileFormats = text::splitList(q.getColumn(4).getString());
        p.maxFileMegabytes = optionalInt(5);
        p.wordLimitTotal = optionalInt(6);
        p.wordLimitPerAnswer = optionalInt(7);
        p.partialAnswersAllowed = q.getColumn(8).getInt() != 0;
        p.extraPointsAllowed = q.getColumn(9).getInt() != 0;
        p.publication =
            parsePublication(q.getColumn(10).getString()).value_or(Publication::PublishedUnlessConfidential);
        p.confidentialityNote = q.getColumn(11).getString();
        p.heading = q.getColumn(12).getString();
        p.summaryFirst = q.getColumn(13).getInt() != 0;
        p.numberedParagraphs = q.getColumn(14).getInt() != 0;
        p.wordingChecked = q.getColumn(15).getInt() != 0;
        p.wordingNote = q.getColumn(16).getString();
        for (const auto& x : questions(consultationId))
            p.questions.push_back(
                {x.number, x.text, x.answerType, x.choices, x.required, x.wordLimit, x.formCharLimit, 0});
        return p;
    });
}

void Store::saveConsultationProfileSettings(RowId consultationId, const ConsultationProfile& p)
{
    writeInTransaction(*this, path(), [&] {
        if (!consultation(consultationId))
            throw NotFoundError("consultation " + std::to_string(consultationId) + " does not exist");
        if (text::trim(p.name).empty())
            throw DataError("a consultation's profile needs a name");
        // An update keeps the row's uuid, so the audit log follows one profile through its versions.
        SQLite::Statement q(
            *m_impl->db,
            "INSERT INTO consultation_profiles (uuid, consultation_id, name, closes_time, time_zone, channels, "
            "file_formats, max_file_mb, word_limit_total, word_limit_answer, partial_answers, extra_points, "
            "publication, confidentiality_note, heading, summary_first, numbered_paragraphs, wording_checked, "
            "wording_note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (consultation_id) DO UPDATE SET "
            "name = excluded.name, closes_time = excluded.closes_time, time_zone = excluded.time_zone, "
            "channels = excluded.channels, file_formats = excluded.file_formats, max_file_mb = excluded.max_file_mb, "
            "word_limit_total = excluded.word_limit_total, word_limit_answer = excluded.word_limit_answer, "
            "partial_answers = excluded.partial_answers, extra_points = excluded.extra_points, "
            "publication = excluded.publication, confidentiality_note = excluded.confidentiality_note, "
            "heading = excluded.heading, summary_first = excluded.summary_first, "
            "numbered_paragraphs = excluded.numbered_paragraphs, wording_checked = excluded.wording_checked, "
            "wording_note = excluded.wording_note");
        bindText(q, 1, newUuid());
        q.bind(2, consultationId);
        bindText(q, 3, std::string(text::trim(p.name)));
        bindText(q, 4, p.closesTime);
        bindText(q, 5, p.timeZone);
        bindText(q, 6, text::join(p.channels, ";"));
        bindText(q, 7, text::join(p.fileFormats, ";"));
        int column = 8;
        for (const auto& limit : {p.maxFileMegabytes, p.wordLimitTotal, p.wordLimitPerAnswer}) {
            if (limit && *limit <= 0)
                throw DataError("a limit in a consultation's profile must be a positive number");
            if (limit)
                q.bind(column++, *limit);
            else
                q.bind(column++);
        }
        q.bind(11, p.partialAnswersAllowed ? 1 : 0);
        q.bind(12, p.extraPointsAllowed ? 1 : 0);
        q.bind(13, std::string(publicationCode(p.publication)));
        bindText(q, 14, p.confidentialityNote);
        bindText(q, 15, p.heading);
        q.bind(16, p.summaryFirst ? 1 : 0);
        q.bind(17, p.numberedParagraphs ? 1 : 0);
        q.bind(18, p.wordingChecked ? 1 : 0);
        bindText(q, 19, p.wordingNote);
        q.exec();
    });
}

// ---- submissions and answers -------------------------------------------------------------------

std::vector<Submission> Store::submissions() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSubmissionCols + " FROM submissions ORDER BY id");
        return readAll<Submission>(q, readSubmission);
    });
}

std::optional<Submission> Store::submission(RowId id) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kSubmissionCols + " FROM submissions WHERE id = ?");
        q.bind(1, id);
        return readOne<Submission>(q, readSubmission);
    });
}

namespace {
void bindSubmission(SQLite::Statement& q, const Submission& s)
{
    if (text::trim(s.title).empty())
        throw DataError("a submission needs a title");
    bindText(q, 1, s.uuid);
    q.bind(2, s.consultationId);
    bindText(q, 3, s.title);
    bindText(q, 4, s.organisation);
    bindText(q, 5, s.contactRole);
    bindText(q, 6, s.contactEmail);
    bindText(q, 7, s.asAt);
    bindText(q, 8, s.summary);
    bindText(q, 9, s.caveats);
    if (!std::isfinite(s.coverageThreshold) || s.coverageThreshold < 0 || s.coverageThreshold > 1)
        throw DataError("the coverage threshold must be a share from 0 to 1 (0.5 for half of the areas in scope)");
    q.bind(10, s.coverageThreshold);
}

std::vector<RowId> selectedIds(SQLite::Database& db, const char* sql, RowId submissionId)
{
    SQLite::Statement q(db, sql);
    q.bind(1, submissionId);
    std::vector<RowId> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getInt64());
    return out;
}

void setSelected(SQLite::Database& db, const std::string& table, const std::string& column, RowId submissionId,
                 RowId id, bool selected)
{
    if (selected) {
        SQLite::Statement q(db,
                            "INSERT OR IGNORE INTO " + table + " (uuid, submission_id, " + column + ") VALUES (?,?,?)");
        q.bind(1, newUuid());
        q.bind(2, submissionId);
        q.bind(3, id);
        q.exec();
    } else {
        SQLite::Statement q(db, "DELETE FROM " + table + " WHERE submission_id = ? AND " + column + " = ?");
        q.bind(1, submissionId);
        q.bind(2, id);
        q.exec();
    }
}
} // namespace

RowId Store::insert(Submission& s)
{
    return writeInTransaction(*this, path(), [&] {
        if (!consultation(s.consultationId))
            throw DataError("choose the consultation this submission answers");
        if (s.uuid.empty())
            s.uuid = newUuid();
        SQLite::Statement q(*m_impl->db, "INSERT INTO submissions (uuid, consultation_id, title, organisation, "
                                         "contact_role, contact_email, as_at, summary, caveats, coverage_threshold) "
                                         "VALUES (?,?,?,?,?,?,?,?,?,?)");
        bindSubmission(q, s);
        q.exec();
        s.id = m_impl->db->getLastInsertRowid();
        return s.id;
    });
}

void Store::update(const Submission& s)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "UPDATE submissions SET uuid = ?, consultation_id = ?, title = ?, "
                                         "organisation = ?, contact_role = ?, contact_email = ?, as_at = ?, "
                                         "summary = ?, caveats = ?, coverage_threshold = ? WHERE id = ?");
        bindSubmission(q, s);
        q.bind(11, s.id);
        q.exec();
        requireRow(*m_impl->db, "submission", s.id);
    });
}

std::vector<RowId> Store::selectedCaseStudies(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        return selectedIds(*m_impl->db,
                           "SELECT s.case_study_id FROM submission_case_studies s JOIN case_studies c ON "
                           "c.id = s.case_study_id WHERE s.submission_id = ? ORDER BY c.reference",
                           submissionId);
    });
}

void Store::setCaseStudySelected(RowId submissionId, RowId caseStudyId, bool selected)
{
    writeInTransaction(*this, path(), [&] {
        setSelected(*m_impl->db, "submission_case_studies", "case_study_id", submissionId, caseStudyId, selected);
    });
}

std::vector<RowId> Store::selectedMeasures(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        return selectedIds(*m_impl->db,
                           "SELECT s.measure_id FROM submission_measures s JOIN measures m ON m.id = s.measure_id "
                           "WHERE s.submission_id = ? ORDER BY m.name",
                           submissionId);
    });
}

void Store::setMeasureSelected(RowId submissionId, RowId measureId, bool selected)
{
    writeInTransaction(*this, path(), [&] {
        setSelected(*m_impl->db, "submission_measures", "measure_id", submissionId, measureId, selected);
    });
}

namespace {
Answer readAnswer(SQLite::Database& db, SQLite::Statement& q)
{
    Answer a;
    a.id = q.getColumn(0).getInt64();
    a.uuid = q.getColumn(1).getString();
    a.submissionId = q.getColumn(2).getInt64();
    a.questionId = q.getColumn(3).getInt64();
    a.choice = q.getColumn(4).getString();
    a.text = q.getColumn(5).getString();
    SQLite::Statement e(db, "SELECT measure_id, case_study_id FROM answer_evidence WHERE answer_id = ? ORDER BY rowid");
    e.bind(1, a.id);
    while (e.executeStep()) {
        if (!e.getColumn(0).isNull())
            a.citedMeasures.push_back(e.getColumn(0).getInt64());
        else
            a.citedCaseStudies.push_back(e.getColumn(1).getInt64());
    }
    return a;
}
constexpr const char* kAnswerCols = "id, uuid, submission_id, question_id, choice, text";
} // namespace

std::vector<Answer> Store::answers(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT a.id, a.uuid, a.submission_id, a.question_id, a.choice, a.text "
                                         "FROM answers a JOIN questions q ON q.id = a.question_id "
                                         "WHERE a.submission_id = ? ORDER BY q.position");
        q.bind(1, submissionId);
        std::vector<Answer> out;
        while (q.executeStep())
            out.push_back(readAnswer(*m_impl->db, q));
        return out;
    });
}

std::optional<Answer> Store::answer(RowId submissionId, RowId questionId) const
{
    return readTranslated(path(), [&]() -> std::optional<Answer> {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAnswerCols +
                                             " FROM answers WHERE submission_id = ? AND question_id = ?");
        q.bind(1, submissionId);
        q.bind(2, questionId);
        if (q.executeStep())
            return readAnswer(*m_impl->db, q);
        return std::nullopt;
    });
}

RowId Store::save(Answer& a)
{
    return writeInTransaction(*this, path(), [&] {
        const auto sub = submission(a.submissionId);
        const auto q = question(a.questionId);
        if (!sub || !q || q->consultationId != sub->consultationId)
            throw DataError("this question does not belong to the submission's consultation");
        if (auto existing = answer(a.submissionId, a.questionId)) {
            a.id = existing->id;
            a.uuid = existing->uuid;
            SQLite::Statement u(*m_impl->db, "UPDATE answers SET choice = ?, text = ? WHERE id = ?");
            bindText(u, 1, a.choice);
            bindText(u, 2, a.text);
            u.bind(3, a.id);
            u.exec();
        } else {
            if (a.uuid.empty())
                a.uuid = newUuid();
            SQLite::Statement i(*m_impl->db, "INSERT INTO answers (uuid, submission_id, question_id, choice, text) "
                                             "VALUES (?,?,?,?,?)");
            i.bind(1, a.uuid);
            i.bind(2, a.submissionId);
            i.bind(3, a.questionId);
            bindText(i, 4, a.choice);
            bindText(i, 5, a.text);
            i.exec();
            a.id = m_impl->db->getLastInsertRowid();
        }
        // Replace the citations only where they changed, so the audit log shows real edits.
        const auto before = answer(a.submissionId, a.questionId);
        auto sync = [&](const std::vector<RowId>& wanted, const std::vector<RowId>& have, const char* column) {
            for (RowId id : have)
                if (std::find(wanted.begin(), wanted.end(), id) == wanted.end()) {
                    SQLite::Statement d(*m_impl->db, std::string("DELETE FROM answer_evidence WHERE answer_id = ? "
                                                                 "AND ") +
                                                         column + " = ?");
                    d.bind(1, a.id);
                    d.bind(2, id);
                    d.exec();
                }
            for (RowId id : wanted)
                if (std::find(have.begin(), have.end(), id) == have.end()) {
                    SQLite::Statement i(*m_impl->db, std::string("INSERT INTO answer_evidence (uuid, answer_id, ") +
                                                         column + ") VALUES (?,?,?)");
                    i.bind(1, newUuid());
                    i.bind(2, a.id);
                    i.bind(3, id);
                    i.exec();
                }
        };
        sync(a.citedMeasures, before->citedMeasures, "measure_id");
        sync(a.citedCaseStudies, before->citedCaseStudies, "case_study_id");
        return a.id;
    });
}

// ---- acknowledgements --------------------------------------------------------------------------

namespace {
constexpr const char* kAckCols = "id, uuid, record_table, record_uuid, field, kind, matched_text, fingerprint, reason, "
                                 "acknowledged_by, acknowledged_at";
FindingAcknowledgement readAck(SQLite::Statement& q)
{
    FindingAcknowledgement a;
    a.id = q.getColumn(0).getInt64();
    a.uuid = q.getColumn(1).getString();
    a.recordTable = q.getColumn(2).getString();
    a.recordUuid = q.getColumn(3).getString();
    a.field = q.getColumn(4).getString();
    a.kind = q.getColumn(5).getString();
    a.matchedText = q.getColumn(6).getString();
    a.fingerprint = q.getColumn(7).getString();
    a.reason = q.getColumn(8).getString();
    a.acknowledgedBy = q.getColumn(9).getString();
    a.acknowledgedAt = q.getColumn(10).getString();
    return a;
}
} // namespace

std::vector<FindingAcknowledgement> Store::acknowledgements(const std::string& recordUuid) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kAckCols +
                                             " FROM finding_acknowledgements WHERE record_uuid = ? ORDER BY id");
        q.bind(1, recordUuid);
        return readAll<FindingAcknowledgement>(q, readAck);
    });
}

std::vector<FindingAcknowledgement> Store::allAcknowledgements() const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            std::string("SELECT ") + kAckCols + " FROM finding_acknowledgements ORDER BY id");
        return readAll<FindingAcknowledgement>(q, readAck);
    });
}

RowId Store::acknowledge(FindingAcknowledgement& a)
{
    return writeInTransaction(*this, path(), [&] {
        if (text::trim(a.reason).empty())
            throw DataError("say why this finding is not identifying (the reason is kept with the submission)");
        if (text::trim(a.acknowledgedBy).empty())
            throw DataError("say which role acknowledges the finding (e.g. Policy officer)");
        a.acknowledgedAt = m_impl->options.clock();
        SQLite::Statement find(
            *m_impl->db, "SELECT id, uuid FROM finding_acknowledgements WHERE record_uuid = ? AND fingerprint = ?");
        find.bind(1, a.recordUuid);
        find.bind(2, a.fingerprint);
        if (find.executeStep()) {
            a.id = find.getColumn(0).getInt64();
            a.uuid = find.getColumn(1).getString();
            SQLite::Statement u(*m_impl->db, "UPDATE finding_acknowledgements SET reason = ?, acknowledged_by = ?, "
                                             "acknowledged_at = ?, matched_text = ? WHERE id = ?");
            bindText(u, 1, a.reason);
            bindText(u, 2, a.acknowledgedBy);
            u.bind(3, a.acknowledgedAt);
            bindText(u, 4, a.matchedText);
            u.bind(5, a.id);
            u.exec();
            return a.id;
        }
        if (a.uuid.empty())
            a.uuid = newUuid();
        SQLite::Statement q(*m_impl->db,
                            "INSERT INTO finding_acknowledgements (uuid, record_table, record_uuid, field, "
                            "kind, matched_text, fingerprint, reason, acknowledged_by, acknowledged_at) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, a.uuid);
        q.bind(2, a.recordTable);
        q.bind(3, a.recordUuid);
        q.bind(4, a.field);
        q.bind(5, a.kind);
        bindText(q, 6, a.matchedText);
        bindText(q, 7, a.fingerprint);
        bindText(q, 8, a.reason);
        bindText(q, 9, a.acknowledgedBy);
        q.bind(10, a.acknowledgedAt);
        q.exec();
        a.id = m_impl->db->getLastInsertRowid();
        return a.id;
    });
}

void Store::removeAcknowledgement(RowId id)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "DELETE FROM finding_acknowledgements WHERE id = ?");
        q.bind(1, id);
        q.exec();
        requireRow(*m_impl->db, "acknowledgement", id);
    });
}

// ---- audit log ---------------------------------------------------------------------------------

std::vector<AuditEntry> Store::auditLog(const AuditFilter& f) const
{
    return readTranslated(path(), [&] {
        std::string sql = "SELECT id, at, os_user, table_name, record_uuid, action, old_values, new_values "
                          "FROM audit_log";
        std::vector<std::string> conds;
        if (f.recordUuid)
            conds.push_back("record_uuid = :uuid");
        if (f.table)
            conds.push_back("table_name = :table");
        for (std::size_t i = 0; i < conds.size(); ++i)
            sql += (i ? " AND " : " WHERE ") + conds[i];
        sql += " ORDER BY id DESC";
        if (f.limit)
            sql += " LIMIT " + std::to_string(f.limit);
        SQLite::Statement q(*m_impl->db, sql);
        if (f.recordUuid)
            q.bind(":uuid", *f.recordUuid);
        if (f.table)
            q.bind(":table", *f.table);
        std::vector<AuditEntry> out;
        while (q.executeStep()) {
            AuditEntry e;
            e.id = q.getColumn(0).getInt64();
            e.at = q.getColumn(1).getString();
            e.osUser = q.getColumn(2).getString();
            e.table = q.getColumn(3).getString();
            e.recordUuid = q.getColumn(4).getString();
            e.action = q.getColumn(5).getString();
            e.oldValues = q.getColumn(6).getString();
            e.newValues = q.getColumn(7).getString();
            out.push_back(std::move(e));
        }
        return out;
    });
}

void Store::recordEvent(const std::string& table, const std::string& recordUuid, const std::string& action,
                        const std::string& detailsJson)
{
    writeInTransaction(*this, path(), [&] {
        SQLite::Statement q(*m_impl->db, "INSERT INTO audit_log (at, os_user, table_name, record_uuid, action, "
                                         "old_values, new_values) VALUES (evidence_now(), evidence_os_user(), ?, ?, ?, "
                                         "'', json(?))");
        q.bind(1, table);
        q.bind(2, recordUuid);
        q.bind(3, action);
        bindText(q, 4, detailsJson);
        q.exec();
    });
}

std::vector<CaseStudy> Store::selectedCaseStudyRecords(RowId submissionId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, std::string("SELECT ") + kCaseStudyCols +
                                             " FROM case_studies WHERE id IN (SELECT case_study_id FROM "
                                             "submission_case_studies WHERE submission_id = ?) ORDER BY reference");
        q.bind(1, submissionId);
        auto all = readAll<CaseStudy>(q, readCaseStudy);
        attachQuestionNumbers(*m_impl->db, all);
        return all;
    });
}

std::vector<Observation> Store::observationsWithNotes(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db, "SELECT id, uuid, area_id, period_key, source_id, note FROM observations "
                                         "WHERE measure_id = ? AND note <> '' "
                                         "ORDER BY measure_id, area_id, dimension, category, period_key, source_id");
        q.bind(1, measureId);
        std::vector<Observation> out;
        while (q.executeStep()) {
            Observation& o = out.emplace_back();
            o.id = q.getColumn(0).getInt64();
            o.uuid = q.getColumn(1).getString();
            o.measureId = measureId;
            o.areaId = q.getColumn(2).getInt64();
            o.period = Period::fromSortKey(q.getColumn(3).getInt64());
            o.sourceId = q.getColumn(4).getInt64();
            o.note = q.getColumn(5).getString();
        }
        return out;
    });
}

std::vector<RowId> Store::observationSourceIds(RowId measureId) const
{
    return readTranslated(path(), [&] {
        SQLite::Statement q(*m_impl->db,
                            "SELECT DISTINCT source_id FROM observations WHERE measure_id = ? ORDER BY source_id");
        q.bind(1, measureId);
        std::vector<RowId> out;
        while (q.executeStep())
            out.push_back(q.getColumn(0).getInt64());
        return out;
    });
}

} // namespace evidence::db
