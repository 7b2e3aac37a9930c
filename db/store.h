#pragma once
/// @file store.h
/// @brief The submission store: one SQLite file holding a charity's evidence and its responses.
///
/// Every write runs in a transaction (nested writes use savepoints), every change lands in the
/// audit log through triggers, and the schema is created and upgraded by numbered migrations
/// embedded in the binary and keyed by `PRAGMA user_version`.
///
/// Threads: a Store is used by one thread at a time. Nothing in it is locked, and a store opened
/// read-only is opened without SQLite's per-call mutex. It may be handed from one thread to another; a
/// thread that works beside it opens a Store of its own on the same file, as the background integrity
/// check does with a connection of its own (SQLite shares the file's locks between the connections of a
/// process). Callbacks (forEachMeasureForAnalysis()) run on the calling thread.
///
/// Store's methods are implemented one file per area: store.cpp (opening, transactions, snapshots),
/// store_reference.cpp (sources, measures, areas), store_observations.cpp, store_case_studies.cpp,
/// store_consultations.cpp, store_submissions.cpp, additional_points.cpp, store_acknowledgements.cpp,
/// store_audit.cpp; bulk writes are declared in bulk_import.h.

#include "core/consultation_profile.h"
#include "core/domain.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Database;
}

namespace evidence::db {

/// Time and identity of whoever makes changes: injectable so tests are deterministic.
struct StoreOptions
{
    /// Returns the current time as ISO 8601 UTC; defaults to the system clock.
    std::function<std::string()> clock;
    /// The operating-system user recorded in the audit log; defaults to the login name.
    std::string osUser;
    /// How long a write waits for another process's lock before failing with BusyError.
    int busyTimeoutMs = 5000;
    /// Reads every page on opening (`PRAGMA quick_check`), so that a damaged file is refused before
    /// anything uses it: about a second at a million figures. A caller that runs checkIntegrity() itself
    /// before trusting what it read may skip it. A store that must be upgraded is checked regardless.
    bool checkOnOpen = true;
    /// With checkOnOpen: open() returns after reading the header and the schema, and the check reads
    /// every page on a connection and thread of its own. The first write waits for it and is refused
    /// when the file is damaged, so nothing is saved into a damaged file; integrity() says how it went.
    /// Not for a store that must be upgraded: that is checked before the upgrade, as ever.
    bool checkInBackground = false;
    /// The caller uses the store from one thread at a time, as every command-line command does: the
    /// connection then skips SQLite's lock around each call, as a read-only connection always does. Not
    /// for the desktop application, where a save from a timer may meet an import running on another thread.
    bool oneThreadAtATime = false;
    /// A store at rest (in rollback-journal mode) is switched to write-ahead mode by its first write, not
    /// on opening: a command that only reads it, such as an export that records no override, then leaves
    /// the file as it was, without rewriting its header and syncing it twice on the way in and out. Not for
    /// the desktop application, whose checks read on connections of their own beside its saves.
    bool writeAheadFromFirstWrite = false;
};

/// What the integrity check of an open store found (Store::integrity()).
enum class Integrity {
    Unchecked, ///< opened without the check (checkOnOpen false), or another program kept it locked throughout the check
    Checking,  ///< the background check is still reading the file
    Sound,     ///< every page read and found consistent
    Damaged,   ///< the check found damage or could not read the file: every write is refused
};

/// Whether open() may write: ReadOnly never changes the file (no upgrade, no write-ahead log), and every write throws.
enum class OpenMode { ReadWrite, ReadOnly };

/// What a text column of the schema holds, for the anonymisation guard and the audit log.
enum class TextKind {
    FreeText, ///< typed by a person: scanned by the guard, and the audit log keeps only its length
    Copy,     ///< a copy of free text (an acknowledged finding's text): not scanned, not in the audit log
    Fixed,    ///< not free text: identifiers, codes, dates, choices, reference data, the audit log itself
};
/// One TEXT column of the schema and what it holds (textColumns()).
struct TextColumn
{
    /// The table and the column, as the schema names them.
    std::string_view table;
    std::string_view column;
    /// What the column holds, which decides whether the guard scans it and the audit log keeps it.
    TextKind kind;
    std::string_view why; ///< for Fixed: why the column cannot hold free text
};
/// Every TEXT column of the latest schema, classified. A test compares it with the schema, so a new
/// column is classified before it can be released.
const std::vector<TextColumn>& textColumns();
/// The columns of @p table that hold free text or a copy of it.
std::vector<std::string> redactedColumns(std::string_view table);

/// One measure's observations as the trend analysis reads them: a million of them are read in about a
/// second, so each is a small fixed-size row whose texts are numbers into the measure's few distinct
/// dimensions, categories and notes, rather than an Observation with four strings of its own.
struct AnalysisRows
{
    /// One observation, in the order observationsForAnalysis() reads them.
    struct Row
    {
        /// The observation's row and the area it is of.
        RowId id = 0;
        RowId areaId = 0;
        std::int64_t periodKey = 0; ///< Period::sortKey()
        double value = 0;           ///< when hasValue
        /// The source the figure is cited from.
        RowId sourceId = 0;
        std::uint32_t dimension = 0;  ///< into texts; 0 ("") for a total
        std::uint32_t category = 0;   ///< into texts; 0 ("") for a total
        std::uint32_t note = 0;       ///< into notes; 0 ("") for none
        std::uint32_t provenance = 0; ///< into provenances; 0 (no as-at date, no round) for none
        /// The figure's markers (estimate, provisional, suppressed, ...).
        Markers markers;
        /// Whether the figure has a value: a suppressed or missing figure has markers and no value.
        bool hasValue = false;

        /// Whether the row is the measure's total rather than one category of a breakdown.
        bool isTotal() const noexcept { return dimension == 0; }
    };
    /// The measure these rows are of, and its observations in identity order (area, dimension, category,
    /// period, source).
    RowId measureId = 0;
    std::vector<Row> rows;
    /// The distinct dimensions and categories in byte order (SQLite's BINARY collation), so that
    /// comparing two numbers compares their texts as the store's index does; texts[0] is "".
    std::vector<std::string> texts{std::string()};
    std::vector<std::string> notes{std::string()}; ///< notes[0] is ""
    /// The distinct (as-at date, round) pairs, so the export needs no second read to show them per figure;
    /// provenances[0] is both empty.
    std::vector<std::pair<std::string, std::string>> provenances{{}};

    /// @p row as an Observation, without its uuid (no figure uses it).
    Observation observation(const Row& row) const;
};

/// Which observations to read. Unset members do not filter.
struct ObservationFilter
{
    /// Only the observations of this measure, area, period or source.
    std::optional<RowId> measureId;
    std::optional<RowId> areaId;
    std::optional<Period> period;
    std::optional<RowId> sourceId;
    /// "" selects totals only; a name selects that breakdown dimension.
    std::optional<std::string> dimension;
    /// Only the observations of this breakdown category.
    std::optional<std::string> category;
    /// Read at most this many rows (0 = all), starting at offset, in series order.
    std::size_t limit = 0;
    std::size_t offset = 0;
};

/// Which audit entries to read, newest first.
struct AuditFilter
{
    /// Only the entries about this record (its uuid) or this table.
    std::optional<std::string> recordUuid;
    std::optional<std::string> table;
    std::size_t limit = 0; ///< 0 = all
};

class ChangeCapture;

/// An open store. Move-only; closing checkpoints the write-ahead log.
class Store
{
public:
    /// The schema version this build writes.
    static int latestSchemaVersion();
    /// The value of `PRAGMA application_id` that marks an Evidence Desk store ("EvDk").
    static constexpr int kApplicationId = 0x4576446b;

    /// Creates a new store at @p path (owner-only permissions), with every migration applied and
    /// the reference data loaded. The file appears only when complete.
    /// @throws FileError when @p path exists or cannot be written.
    static Store create(const std::filesystem::path& path, StoreOptions options = {});

    /// Opens an existing store, upgrading an older schema (ReadWrite only) in one transaction per
    /// migration. Writes nothing when it refuses the file.
    /// @throws FileError for a missing file, a folder, a non-SQLite or corrupt file, a SQLite file
    ///         that is not a store, or a store made by a newer version. BusyError when locked.
    static Store open(const std::filesystem::path& path, OpenMode mode = OpenMode::ReadWrite,
                      StoreOptions options = {});

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    /// The file the store was opened or created at.
    const std::filesystem::path& path() const noexcept;
    /// The store's own UUID, fixed at creation.
    std::string storeId() const;
    /// The schema version of the open file: latestSchemaVersion() once opened read-write (it was upgraded).
    int schemaVersion() const;
    /// The check open() makes unless StoreOptions::checkOnOpen is false. @throws FileError when the file
    /// is damaged.
    void checkIntegrity() const;
    /// What the check on opening found, or that it is still running (StoreOptions::checkInBackground).
    /// @param[out] problem when Damaged, a sentence saying why, for the user
    Integrity integrity(std::string* problem = nullptr) const;
    /// Whether the store was opened ReadOnly, or read as immutable in a folder nothing can be created in: every
    /// write then throws FileError.
    bool readOnly() const noexcept;
    /// The audit identity and clock in use.
    const StoreOptions& options() const noexcept;

    /// Groups writes into one unit: rolls back on destruction unless commit() ran. Nests (savepoints).
    class Transaction
    {
    public:
        /// Begins a transaction, or a savepoint inside one already open; the first waits for a background
        /// integrity check. @throws FileError when the store is read-only or was found damaged.
        explicit Transaction(Store& store);
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        /// Makes the writes permanent (or releases the savepoint). @throws on failure.
        void commit();

    private:
        Store& m_store;
        int m_depth;
        bool m_done = false;
    };

    /// Makes the reads of its lifetime see the store as of one moment, even while another program
    /// saves: figures, totals and the areas they name then agree. No writes on this Store meanwhile.
    /// Inside another snapshot or a Transaction it does nothing (they already hold one).
    class ReadSnapshot
    {
    public:
        /// Begins the snapshot's read transaction (unless one is open already).
        explicit ReadSnapshot(const Store& store);
        ~ReadSnapshot();
        ReadSnapshot(const ReadSnapshot&) = delete;
        ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    private:
        const Store& m_store;
        bool m_own = false;
    };

    // Sources
    std::vector<Source> sources() const;
    /// The source with this id, or nothing.
    std::optional<Source> source(RowId id) const;
    /// The source with this title, ignoring case and surrounding spaces, or nothing.
    std::optional<Source> sourceByTitle(std::string_view title) const;
    /// Adds @p source, giving it a uuid when it has none, and sets its id, which it returns.
    /// @throws DataError when a source already has its title.
    RowId insert(Source& source);
    /// Saves every field of @p source. @throws DataError when another source has its title, NotFoundError when
    /// there is no source with its id.
    void update(const Source& source);
    /// Deletes a source. @throws DataError while figures cite it, NotFoundError when there is none.
    void removeSource(RowId id);

    // Measures
    std::vector<Measure> measures() const;
    /// The measure with this id, or nothing.
    std::optional<Measure> measure(RowId id) const;
    /// The measure with this name, ignoring case, or nothing.
    std::optional<Measure> measureByName(std::string_view name) const;
    /// Adds @p measure, giving it a uuid when it has none, and sets its id, which it returns.
    /// @throws DataError when a measure already has its name.
    RowId insert(Measure& measure);
    /// Saves every field of @p measure. @throws DataError when another measure has its name, NotFoundError.
    void update(const Measure& measure);
    /// Deletes a measure. @throws DataError while it has figures, NotFoundError when there is none.
    void removeMeasure(RowId id);

    // Areas
    std::vector<Area> areas() const;
    /// The area with this id, or nothing.
    std::optional<Area> area(RowId id) const;
    /// Areas whose code equals @p code (codes are shared, e.g. a nation and its police force).
    std::vector<Area> areasByCode(std::string_view code) const;
    /// Areas whose name equals @p name ignoring ASCII case.
    std::vector<Area> areasByName(std::string_view name) const;
    /// Adds a user-defined area (reference = false).
    RowId insert(Area& area);
    /// Saves the code, name, ITL1 code, region and country of @p area (not its kind). @throws NotFoundError.
    void update(const Area& area);
    /// Police force areas (or other areas) that make up @p parentId.
    std::vector<RowId> areaMembers(RowId parentId) const;
    /// Replaces the members of @p parentId (an aggregate area) with @p memberIds. @throws DataError when the
    /// area is among its own members.
    void setAreaMembers(RowId parentId, const std::vector<RowId>& memberIds);

    // Observations
    std::vector<Observation> observations(const ObservationFilter& filter = {}) const;
    /// How many observations @p filter selects, ignoring its limit and offset.
    std::size_t observationCount(const ObservationFilter& filter = {}) const;
    /// Every observation of @p measureId, for computing figures, in identity order (area, dimension,
    /// category, period, source), which reads without sorting.
    AnalysisRows observationsForAnalysis(RowId measureId) const;
    /// The same for each of @p measureIds, read in one pass over the table and one read transaction:
    /// @p ready gets each measure's rows as soon as the last of them is read (so the caller can work on
    /// them while the rest is read), in the table's order. A measure listed twice is handed over once;
    /// one without observations, first and empty. An exception from @p ready stops the read.
    void forEachMeasureForAnalysis(const std::vector<RowId>& measureIds,
                                   const std::function<void(AnalysisRows)>& ready) const;
    /// The members of every area that has any, each listed as areaMembers() lists them: one query
    /// for analyses that look at many areas, instead of one per area.
    std::map<RowId, std::vector<RowId>> allAreaMembers() const;
    /// The observation with this id, or nothing.
    std::optional<Observation> observation(RowId id) const;
    /// The observation with this identity (measure, area, period, breakdown, source), if any.
    std::optional<Observation> findObservation(const Observation& key) const;
    /// Adds @p observation, giving it a uuid when it has none, and sets its id, which it returns.
    /// @throws DataError for a figure the store must not hold or one with the identity of another.
    RowId insert(Observation& observation);
    /// Saves every field of @p observation. @throws DataError as insert(), NotFoundError.
    void update(const Observation& observation);
    /// Deletes a figure. @throws NotFoundError when there is none.
    void removeObservation(RowId id);
    // Writing a whole file's figures in one transaction, audited as one import: db/bulk_import.h.
    class ObservationWriter;
    struct ImportRecord;
    class BulkImport;

    /// Distinct periods that have observations of @p measureId, in order.
    std::vector<Period> periods(RowId measureId) const;
    /// Distinct (dimension, category) pairs of @p measureId, totals excluded.
    std::vector<std::pair<std::string, std::string>> breakdowns(RowId measureId) const;

    // Case studies
    std::vector<CaseStudy> caseStudies() const;
    /// The case study with this id, or nothing.
    std::optional<CaseStudy> caseStudy(RowId id) const;
    /// The case study with this reference (e.g. CS-001), or nothing.
    std::optional<CaseStudy> caseStudyByReference(std::string_view reference) const;
    /// Adds @p caseStudy, giving it a uuid when it has none, and sets its id, which it returns.
    /// @throws DataError for a field out of range, a region that is not one, or a reference another case study has.
    RowId insert(CaseStudy& caseStudy);
    /// Saves every field. If a reviewed case study's text changes (title, narrative, outcome),
    /// it returns to draft: a review covers the words that were reviewed.
    void update(const CaseStudy& caseStudy);
    /// Deletes a case study with its links to questions, its selections and the answers' citations of it.
    /// @throws NotFoundError.
    void removeCaseStudy(RowId id);
    /// Sets the review state with who (a role) and when: @p on, the date the review happened (YYYY-MM-DD, not
    /// after the store clock's date), or when empty the store clock's time.
    /// @throws DataError for a missing role, or a review date that is not a date or is in the future.
    void setReviewState(RowId caseStudyId, ReviewState state, const std::string& role, const std::string& on = {});

    // Consultations and questions
    std::vector<Consultation> consultations() const;
    /// The consultation with this id, or nothing.
    std::optional<Consultation> consultation(RowId id) const;
    /// Adds @p consultation, giving it a uuid when it has none, and sets its id, which it returns.
    RowId insert(Consultation& consultation);
    /// Saves every field of @p consultation. @throws NotFoundError when there is none with its id.
    void update(const Consultation& consultation);
    /// The questions of @p consultationId in the order the consultation asks them.
    std::vector<Question> questions(RowId consultationId) const;
    /// The question with this id, or nothing.
    std::optional<Question> question(RowId id) const;
    /// The question of @p consultationId numbered @p number (as the consultation numbers it, e.g. "3a"), or nothing.
    std::optional<Question> questionByNumber(RowId consultationId, std::string_view number) const;
    /// Adds @p question, giving it a uuid when it has none, and sets its id, which it returns.
    /// @throws DataError when its consultation already has a question with its number.
    RowId insert(Question& question);
    /// Saves every field of @p question. @throws DataError as insert(), NotFoundError.
    void update(const Question& question);
    /// The profile last imported for @p consultationId (its rules, the consultation's facts and its
    /// questions), or nothing when none was.
    std::optional<ConsultationProfile> consultationProfile(RowId consultationId) const;
    /// Writes the rules of @p profile (not its questions or the consultation's facts) for @p consultationId.
    void saveConsultationProfileSettings(RowId consultationId, const ConsultationProfile& profile);

    // Submissions
    std::vector<Submission> submissions() const;
    /// The submission with this id, or nothing.
    std::optional<Submission> submission(RowId id) const;
    /// Adds @p submission, giving it a uuid when it has none, and sets its id, which it returns.
    /// @throws DataError without a consultation.
    RowId insert(Submission& submission);
    /// Saves every field of @p submission. @throws DataError as insert(), NotFoundError.
    void update(const Submission& submission);
    /// The case studies selected for the workbook of @p submissionId, in reference order.
    std::vector<RowId> selectedCaseStudies(RowId submissionId) const;
    /// Selects a case study for the workbook of @p submissionId, or leaves it out; selecting twice is harmless.
    void setCaseStudySelected(RowId submissionId, RowId caseStudyId, bool selected);
    /// The measures selected for the workbook of @p submissionId, in name order.
    std::vector<RowId> selectedMeasures(RowId submissionId) const;
    /// Selects a measure for the workbook of @p submissionId, or leaves it out; selecting twice is harmless.
    void setMeasureSelected(RowId submissionId, RowId measureId, bool selected);
    /// The answers of @p submissionId, in question order.
    std::vector<Answer> answers(RowId submissionId) const;
    /// The answer of @p submissionId to @p questionId, or nothing when it has none.
    std::optional<Answer> answer(RowId submissionId, RowId questionId) const;
    /// Inserts or replaces the answer to one question, with the evidence it cites.
    RowId save(Answer& answer);

    // Additional points: what a submission says that is not tied to a question (db/additional_points.cpp)
    /// The points of @p submissionId in position order.
    std::vector<AdditionalPoint> additionalPoints(RowId submissionId) const;
    /// The point with this id, or nothing.
    std::optional<AdditionalPoint> additionalPoint(RowId id) const;
    /// Adds @p point at point.position (1 first; 0 or past the end: last), moving the points from there on down
    /// one place. @throws DataError for an empty text, one too long for a cell, or no such submission.
    RowId insert(AdditionalPoint& point);
    /// Saves the text of @p point (its position stays). @throws DataError as insert(), NotFoundError.
    void update(const AdditionalPoint& point);
    /// Deletes a point; the points after it move up one place.
    void removeAdditionalPoint(RowId id);

    // Acknowledgements of anonymisation findings
    /// Acknowledgements recorded for @p recordUuid (every field), oldest first.
    std::vector<FindingAcknowledgement> acknowledgements(const std::string& recordUuid) const;
    /// Every acknowledgement in the store.
    std::vector<FindingAcknowledgement> allAcknowledgements() const;
    /// Records an acknowledgement (time from the store clock). Acknowledging the same finding of the
    /// same record again replaces the reason. @throws DataError without a reason or a role.
    RowId acknowledge(FindingAcknowledgement& ack);
    /// Deletes an acknowledgement, so that its finding blocks or warns again. @throws NotFoundError.
    void removeAcknowledgement(RowId id);

    // Audit log
    std::vector<AuditEntry> auditLog(const AuditFilter& filter = {}) const;
    /// Records an event that is not a row change (e.g. an export with an override).
    void recordEvent(const std::string& table, const std::string& recordUuid, const std::string& action,
                     const std::string& detailsJson);

    /// The underlying connection, for the store's own modules and tests.
    SQLite::Database& database() const;

    /// Connection state, defined in store_impl.h (internal to the db library).
    struct Impl;

    // Lean reads for the export and its anonymisation guard, which otherwise read whole records
    // one at a time.

    /// The case studies selected for @p submissionId, in reference order: what caseStudy() returns
    /// for each of selectedCaseStudies(), read in two queries instead of two per case study.
    std::vector<CaseStudy> selectedCaseStudyRecords(RowId submissionId) const;
    /// The observations of @p measureId that have a note, in observations() order, with only id,
    /// uuid, measureId, areaId, period, sourceId and note filled in.
    std::vector<Observation> observationsWithNotes(RowId measureId) const;
    /// The distinct sources the observations of @p measureId cite, in id order.
    std::vector<RowId> observationSourceIds(RowId measureId) const;

private:
    friend class ChangeCapture;
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace evidence::db
