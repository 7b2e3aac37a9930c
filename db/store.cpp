// Opening and creating a store, its lifecycle, transactions and read snapshots. The records it holds
// are read and written in one file per area (store.h lists them).

#include "core/errors.h"
#include "core/platform.h"
#include "core/uuid.h"
#include "db/change_capture.h"
#include "db/store_impl.h"

#include <array>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <sqlite3.h>

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
        throw FileError("cannot open " + platform::utf8(path) + ": the store is damaged (" + check +
                        "). Restore it from a backup; nothing was changed.");
}

std::string notAStoreMessage(const fs::path& path)
{
    return "cannot open " + platform::utf8(path) + ": it is a SQLite database but not an Evidence Desk store";
}

std::string newerVersionMessage(const fs::path& path, int version)
{
    return "cannot open " + platform::utf8(path) + ": it was made by a newer version of Evidence Desk (store format " +
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

BackgroundIntegrityCheck::BackgroundIntegrityCheck(const fs::path& path, int busyTimeoutMs)
    : m_path(path), m_busyTimeoutMs(busyTimeoutMs)
{
    m_check = runInBackground([this] { run(); });
}

BackgroundIntegrityCheck::~BackgroundIntegrityCheck()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_connection)
            sqlite3_interrupt(m_connection);
    }
    m_check.wait();
}

void BackgroundIntegrityCheck::run()
{
    // SQLite's own interface: nothing here may throw on a thread of its own. Closing this connection
    // keeps the store's POSIX locks: SQLite shares one lock per file among a process's connections.
    std::string found;
    bool sound = false, busy = false;
    // Another program holding the store locked is not damage: the check waits for it, a few times.
    constexpr int kAttempts = 3;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        sqlite3* db = nullptr;
        int rc = sqlite3_open_v2(platform::utf8(m_path).c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        if (rc == SQLITE_OK) {
            {
                const std::lock_guard lock(m_mutex);
                m_connection = db;
                if (m_stopping)
                    sqlite3_interrupt(db);
            }
            sqlite3_busy_timeout(db, m_busyTimeoutMs);
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
        busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        const std::lock_guard lock(m_mutex);
        m_connection = nullptr;
        sqlite3_close(db); // under the mutex: an interrupt never reaches a closed connection
        if (!busy || m_stopping)
            break;
    }
    const std::lock_guard lock(m_mutex);
    if (sound) {
        m_state = Integrity::Sound;
    } else if (busy && !m_stopping) {
        // Not known to be damaged: writes go on, protected by SQLite's own locking, as in a store opened
        // without the check.
        m_state = Integrity::Unchecked;
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
        *problem = "The store " + platform::utf8(m_path.filename()) + " is damaged (" + m_problem +
                   "). Nothing more can be saved into it: restore it from a backup.";
    return m_state;
}

void BackgroundIntegrityCheck::awaitSound() const
{
    std::unique_lock lock(m_mutex);
    m_ended.wait(lock, [&] { return m_state != Integrity::Checking || m_stopping; });
    if (m_state == Integrity::Damaged)
        throw FileError("cannot save to " + platform::utf8(m_path) + ": the store is damaged (" + m_problem +
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
    const int flags = mode == OpenMode::ReadOnly       ? SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX
                      : impl->options.oneThreadAtATime ? SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX
                                                       : SQLite::OPEN_READWRITE;
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
        throw FileError("cannot create " + platform::utf8(path) + ": a file with that name already exists");
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        throw FileError("cannot create " + platform::utf8(path) + ": the folder " + platform::utf8(dir) +
                        " does not exist");
    const fs::path tmp =
        dir / platform::pathFromUtf8("." + platform::utf8(path.filename()) + ".creating-" + newUuid().substr(0, 8));
    if (const std::string reason = platform::createPrivateFile(tmp); !reason.empty())
        throw FileError("cannot create " + platform::utf8(path) + ": " + reason);
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
                throw FileError("cannot open " + platform::utf8(path) +
                                " read-only: it was made by an older version of "
                                "Evidence Desk and must be opened for editing once to be upgraded");
            try {
                migrate(db, version);
            } catch (const std::exception& e) {
                throw FileError("cannot open " + platform::utf8(path) +
                                ": upgrading it to this version of Evidence Desk "
                                "failed (" +
                                e.what() + "). The file was left as it was.");
            }
        }
        if (mode == OpenMode::ReadWrite && db.execAndGet("PRAGMA journal_mode").getString() != "wal") {
            if (impl->options.writeAheadFromFirstWrite)
                impl->writeAheadPending = true;
            else
                db.exec("PRAGMA journal_mode = WAL");
        }
        if (checkLater)
            impl->integrityCheck = std::make_unique<BackgroundIntegrityCheck>(path, options.busyTimeoutMs);
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
        throw FileError("cannot save to " + platform::utf8(impl.path) +
                        (impl.folderReadOnly ? ": the folder holding it is read-only (a store keeps its log beside "
                                               "it). Copy it to a folder you can write to."
                                             : ": it was opened read-only"));
    if (m_depth == 1 && !sqlite3_get_autocommit(impl.db->getHandle()))
        throw Error("internal error: a change to " + platform::utf8(impl.path) +
                    " while a read snapshot of it is open");
    if (m_depth == 1 && impl.integrityCheck)
        impl.integrityCheck->awaitSound();
    try {
        if (m_depth == 1 && impl.writeAheadPending) {
            impl.writeAheadPending = false;
            impl.db->exec("PRAGMA journal_mode = WAL"); // keeps the old mode while another program reads
        }
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

} // namespace evidence::db
