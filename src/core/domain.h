#pragma once
/// @file domain.h
/// @brief The records of a submission store, as plain values (no I/O, no toolkit types).
///
/// Text is UTF-8 std::string. `id` is the store's row id (0 = not stored yet); `uuid` is the
/// stable identity used for merging stores and in the audit log.

#include "core/markers.h"
#include "core/period.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evidence {

using RowId = std::int64_t;

/// Where figures came from.
struct Source
{
    RowId id = 0;
    std::string uuid;
    std::string title; ///< unique within a store
    std::string publisher;
    std::string method;        ///< e.g. "Freedom of Information requests to police forces"
    std::string datePublished; ///< ISO date or year-month, may be empty
    std::string dateRetrieved;
    std::string url;
    std::string licence;
    std::string qualityNotes;
};

enum class Unit { Count, RatePer10000, Percentage };
/// "count", "rate per 10,000", "percentage".
std::string_view unitLabel(Unit unit) noexcept;
/// Storage code: "count", "rate_per_10000", "percentage".
std::string_view unitCode(Unit unit) noexcept;
/// Parses a storage code or a label; @throws DataError.
Unit parseUnit(std::string_view text);

/// What is counted.
struct Measure
{
    RowId id = 0;
    std::string uuid;
    std::string name; ///< unique within a store
    std::string definition;
    Unit unit = Unit::Count;
    std::string population; ///< e.g. "children under 18"
};

enum class AreaKind { PoliceForceArea, Region, Country, Aggregate };
std::string_view areaKindCode(AreaKind kind) noexcept;  ///< "police_force_area", "region", "country", "aggregate"
std::string_view areaKindLabel(AreaKind kind) noexcept; ///< "police force area", ...
AreaKind parseAreaKind(std::string_view code);

/// A geography: reference areas ship with every store; users may add aggregates.
struct Area
{
    RowId id = 0;
    std::string uuid;
    std::string code; ///< ONS GSS code, may be empty (e.g. British Transport Police, user aggregates)
    std::string name;
    AreaKind kind = AreaKind::PoliceForceArea;
    std::string itl1Code;   ///< regions and nations: TLC..TLN
    std::string regionName; ///< police force areas: their ITL1 region
    std::string country;    ///< England, Wales, Scotland, Northern Ireland, or a grouping
    bool reference = false; ///< shipped reference data (not user-defined)
};

/// One figure: a measure, for an area, in a period, optionally for one breakdown category.
struct Observation
{
    RowId id = 0;
    std::string uuid;
    RowId measureId = 0;
    RowId areaId = 0;
    Period period = Period::financialYear(2000);
    std::string dimension;       ///< empty for a total
    std::string category;        ///< empty for a total
    std::optional<double> value; ///< empty when a replacing marker stands instead
    Markers markers;
    RowId sourceId = 0;
    std::string note;
    /// The date the figure is correct at (YYYY-MM-DD, or YYYY-MM when only the month is known). Empty: the
    /// figure is as at its source's publication date (see figureAsAt()).
    std::string asAt;
    /// The collection the figure came from, e.g. "June 2019 round" for one round of FOI requests. Empty:
    /// the source's only collection.
    std::string round;

    bool isTotal() const noexcept { return dimension.empty(); }
};

/// The date @p o is correct at: its own as-at date, else the publication date of @p source (its source).
std::string figureAsAt(const Observation& o, const Source& source);

enum class ReviewState { Draft, Reviewed };
std::string_view reviewStateCode(ReviewState s) noexcept; ///< "draft", "reviewed"

enum class Consent { Unknown, Obtained, NotObtained };
std::string_view consentCode(Consent c) noexcept; ///< "unknown", "yes", "no"

/// What a case study rests on: the consent of the child or family, or an account already published.
enum class CaseStudyBasis { Consent, PublishedAccount };
std::string_view caseStudyBasisCode(CaseStudyBasis b) noexcept; ///< "consent", "published_account"
/// Parses a code or a label ("published account"); @throws DataError.
CaseStudyBasis parseCaseStudyBasis(std::string_view text);

/// Where a published account was published. A published account needs a publisher, a title and a date
/// or an address.
struct Citation
{
    std::string publisher; ///< e.g. "Bournemouth Echo"
    std::string title;     ///< the article's or report's title
    std::string date;      ///< YYYY-MM-DD or YYYY-MM, may be empty when url is given
    std::string url;

    bool operator==(const Citation&) const = default;
};

/// An anonymised account of a child's experience.
struct CaseStudy
{
    RowId id = 0;
    std::string uuid;
    std::string reference; ///< e.g. CS-001, unique within a store
    std::string title;
    std::string narrative; ///< pseudonymised: `Name*` marks a changed name
    std::optional<int> age;
    std::string ageBand; ///< e.g. "13-15", used instead of age
    std::string gender;
    RowId regionAreaId = 0; ///< an ITL1 region or a nation, never a town (0 = not given)
    std::optional<int> year;
    std::vector<std::string> harmTypes;
    std::vector<std::string> platformTypes;
    std::string outcome; ///< support or outcome
    CaseStudyBasis basis = CaseStudyBasis::Consent;
    Citation citation; ///< for a published account; empty otherwise
    /// For a published account always Unknown: the charity holds no consent for it and claims none (the
    /// store records it as not applicable).
    Consent consent = Consent::Unknown;
    std::string consentRecordedBy; ///< a role, not a person
    std::string consentDate;
    ReviewState review = ReviewState::Draft;
    std::string reviewedBy; ///< a role
    std::string reviewedAt; ///< ISO 8601 time the store wrote, or the date (YYYY-MM-DD) the review happened
    std::vector<std::string> questionNumbers; ///< consultation questions it supports, e.g. "7a"
};

enum class AnswerType { YesNo, YesNoFreeText, FreeText, Choice, MultiChoiceFreeText };
std::string_view answerTypeCode(AnswerType t) noexcept; ///< as in the reference CSV: yes_no, ...
AnswerType parseAnswerType(std::string_view code);

struct Consultation
{
    RowId id = 0;
    std::string uuid;
    std::string code; ///< e.g. "CP 57"
    std::string title;
    std::string publisher;
    std::string opens;  ///< ISO date
    std::string closes; ///< ISO date
    std::string url;
};

struct Question
{
    RowId id = 0;
    std::string uuid;
    RowId consultationId = 0;
    std::string number; ///< "1", "2a"
    int position = 0;   ///< order in the consultation
    std::string text;
    AnswerType answerType = AnswerType::FreeText;
    std::vector<std::string> choices; ///< for choice types
    std::optional<int> wordLimit;     ///< most words its answer may have, when the consultation sets a limit
    std::optional<int> formCharLimit; ///< most characters the online form's box takes, when known
    bool required = false;            ///< the consultation requires an answer to it
};

/// One response to one consultation, with its own metadata.
struct Submission
{
    RowId id = 0;
    std::string uuid;
    RowId consultationId = 0;
    std::string title;
    std::string organisation;
    std::string contactRole;
    std::string contactEmail; ///< an organisational address
    std::string asAt;         ///< ISO 8601 date-time; fixes the workbook's creation time
    std::string summary;
    std::string caveats;
    /// The share (0 to 1) of the areas in scope a like-for-like total must cover for its change to be
    /// stated: below it the change is of low reliability and no headline states it.
    double coverageThreshold = 0.5;
};

/// The answer to one question in a submission, and what it cites.
struct Answer
{
    RowId id = 0;
    std::string uuid;
    RowId submissionId = 0;
    RowId questionId = 0;
    std::string choice; ///< "yes", "no", a choice label, or several separated by ';'
    std::string text;
    std::vector<RowId> citedMeasures;
    std::vector<RowId> citedCaseStudies;
};

/// A point a response makes that is not tied to a question ("additional points"), in the response's order.
struct AdditionalPoint
{
    RowId id = 0;
    std::string uuid;
    RowId submissionId = 0;
    int position = 0; ///< 1, 2, 3 ...: its place among the submission's points
    std::string text;
    std::string createdAt; ///< ISO 8601 UTC, from the store's clock
    std::string updatedAt;
};

/// A WARN anonymisation finding that a person acknowledged, with the reason, for one field of one record.
struct FindingAcknowledgement
{
    RowId id = 0;
    std::string uuid;
    std::string recordTable; ///< e.g. "case_studies"
    std::string recordUuid;
    std::string field;       ///< the scanner's field code, e.g. "case_study.narrative"
    std::string kind;        ///< the scanner's kind code, e.g. "person_name"
    std::string matchedText; ///< the text as it was acknowledged
    std::string fingerprint; ///< kind|field|normalised text: what identifies the finding across edits
    std::string reason;
    std::string acknowledgedBy; ///< a role
    std::string acknowledgedAt; ///< ISO 8601 UTC, set by the store
};

/// One row of the audit log.
struct AuditEntry
{
    std::int64_t id = 0;
    std::string at;     ///< ISO 8601 UTC
    std::string osUser; ///< the operating-system user who made the change
    std::string table;
    std::string recordUuid;
    std::string action;    ///< insert, update, delete
    std::string oldValues; ///< JSON object, empty for inserts
    std::string newValues; ///< JSON object, empty for deletes
};

} // namespace evidence
