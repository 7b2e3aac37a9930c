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

/// A record's row id in its store: 0 for a record not stored yet. Only meaningful within one store.
using RowId = std::int64_t;

/// Where figures came from.
struct Source
{
    /// Row id and uuid, as the file comment says (the same in every record below).
    RowId id = 0;
    std::string uuid;
    std::string title; ///< unique within a store
    /// Who published it (e.g. a police force, the Home Office, the charity itself).
    std::string publisher;
    std::string method;        ///< e.g. "Freedom of Information requests to police forces"
    std::string datePublished; ///< ISO date or year-month, may be empty
    /// When the figures were retrieved: an ISO date, may be empty.
    std::string dateRetrieved;
    /// Where the source can be found (a web address), its licence (e.g. "Open Government Licence v3.0") and
    /// what a reader should know of its quality: free texts, may be empty.
    std::string url;
    std::string licence;
    std::string qualityNotes;
};

/// How a measure's figures are expressed.
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
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    std::string name; ///< unique within a store
    /// What exactly is counted, in words for the workbook's reader.
    std::string definition;
    /// How its figures are expressed: it decides how they are shown, and a change's Poisson interval applies to
    /// counts only.
    Unit unit = Unit::Count;
    std::string population; ///< e.g. "children under 18"
};

/// What kind of geography an area is: police force areas make up regions and nations; an aggregate is
/// defined by the user from its members (Store::areaMembers()).
enum class AreaKind { PoliceForceArea, Region, Country, Aggregate };
std::string_view areaKindCode(AreaKind kind) noexcept;  ///< "police_force_area", "region", "country", "aggregate"
std::string_view areaKindLabel(AreaKind kind) noexcept; ///< "police force area", ...
/// Parses a code as areaKindCode() returns it. @throws DataError for any other.
AreaKind parseAreaKind(std::string_view code);

/// A geography: reference areas ship with every store; users may add aggregates.
struct Area
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    std::string code; ///< ONS GSS code, may be empty (e.g. British Transport Police, user aggregates)
    /// The area's name as shown everywhere; an area added by a user cannot take the name of another of its kind
    /// (ignoring case).
    std::string name;
    /// What kind of area it is.
    AreaKind kind = AreaKind::PoliceForceArea;
    std::string itl1Code;   ///< regions and nations: TLC..TLN
    std::string regionName; ///< police force areas: their ITL1 region
    std::string country;    ///< England, Wales, Scotland, Northern Ireland, or a grouping
    bool reference = false; ///< shipped reference data (not user-defined)
};

/// True when @p area is a territorial police force area: one that a total of force areas adds up, and that a
/// chart compares with the others. British Transport Police (a force without a GSS code) polices railways
/// across the others' areas, so adding it would count some offences twice; Police Scotland records crime
/// under the Scottish Crime Recording Standard, not the Home Office Counting Rules the other forces follow,
/// so its figures are not the same count. Both are kept out of every scope, total and comparison chart, and
/// keep their own rows.
bool isTerritorialForce(const Area& area) noexcept;

/// One figure: a measure, for an area, in a period, optionally for one breakdown category.
struct Observation
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    /// The measure, area and period the figure is of.
    RowId measureId = 0;
    RowId areaId = 0;
    Period period = Period::financialYear(2000);
    std::string dimension;       ///< empty for a total
    std::string category;        ///< empty for a total
    std::optional<double> value; ///< empty when a replacing marker stands instead
    /// Markers that qualify the figure or stand instead of its value (core/markers.h).
    Markers markers;
    /// The source it is cited from (every figure has one).
    RowId sourceId = 0;
    /// A note on the figure for the workbook's reader, may be empty.
    std::string note;
    /// The date the figure is correct at (YYYY-MM-DD, or YYYY-MM when only the month is known). Empty: the
    /// figure is as at its source's publication date (see figureAsAt()).
    std::string asAt;
    /// The collection the figure came from, e.g. "June 2019 round" for one round of FOI requests. Empty:
    /// the source's only collection.
    std::string round;

    /// Whether this is the total of its measure, area and period rather than one category of a breakdown.
    bool isTotal() const noexcept { return dimension.empty(); }
};

/// The date @p o is correct at: its own as-at date, else the publication date of @p source (its source).
std::string figureAsAt(const Observation& o, const Source& source);

/// Whether a case study has been reviewed since its text last changed (Store::update() returns it to Draft).
enum class ReviewState { Draft, Reviewed };
std::string_view reviewStateCode(ReviewState s) noexcept; ///< "draft", "reviewed"

/// Whether the charity holds the consent of the child or family to use a case study.
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
    /// Where it can be read, may be empty when date is given.
    std::string url;

    bool operator==(const Citation&) const = default;
};

/// An anonymised account of a child's experience.
struct CaseStudy
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    std::string reference; ///< e.g. CS-001, unique within a store
    /// A short title, shown in lists and in the workbook (scanned like the narrative).
    std::string title;
    std::string narrative; ///< pseudonymised: `Name*` marks a changed name
    /// The child's age in years when it happened, when given (never with ageBand).
    std::optional<int> age;
    std::string ageBand; ///< e.g. "13-15", used instead of age
    /// The child's gender as recorded, may be empty.
    std::string gender;
    RowId regionAreaId = 0; ///< an ITL1 region or a nation, never a town (0 = not given)
    /// The year it happened, when given.
    std::optional<int> year;
    /// Kinds of harm and of platform it involved, free labels (stored separated by ';').
    std::vector<std::string> harmTypes;
    std::vector<std::string> platformTypes;
    std::string outcome; ///< support or outcome
    /// What the case study rests on: consent, or an account already published.
    CaseStudyBasis basis = CaseStudyBasis::Consent;
    Citation citation; ///< for a published account; empty otherwise
    /// For a published account always Unknown: the charity holds no consent for it and claims none (the
    /// store records it as not applicable).
    Consent consent = Consent::Unknown;
    std::string consentRecordedBy; ///< a role, not a person
    /// The date consent was recorded (YYYY-MM-DD), may be empty.
    std::string consentDate;
    /// Whether it was reviewed since its text last changed.
    ReviewState review = ReviewState::Draft;
    std::string reviewedBy; ///< a role
    std::string reviewedAt; ///< ISO 8601 time the store wrote, or the date (YYYY-MM-DD) the review happened
    std::vector<std::string> questionNumbers; ///< consultation questions it supports, e.g. "7a"
};

/// The form a consultation question's answer takes.
enum class AnswerType { YesNo, YesNoFreeText, FreeText, Choice, MultiChoiceFreeText };
std::string_view answerTypeCode(AnswerType t) noexcept; ///< as in the reference CSV: yes_no, ...
/// Parses a code as answerTypeCode() returns it. @throws DataError naming the known codes.
AnswerType parseAnswerType(std::string_view code);

/// A government consultation that submissions answer (reference data, e.g. the Online Harms White Paper).
struct Consultation
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    std::string code; ///< e.g. "CP 57"
    /// Its title, who publishes it and where it is published.
    std::string title;
    std::string publisher;
    std::string opens;  ///< ISO date
    std::string closes; ///< ISO date
    /// The consultation's web address.
    std::string url;
};

/// One question of a consultation, as the consultation words and numbers it.
struct Question
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    /// The consultation it belongs to.
    RowId consultationId = 0;
    std::string number; ///< "1", "2a"
    int position = 0;   ///< order in the consultation
    /// The question's words.
    std::string text;
    /// The form its answer takes.
    AnswerType answerType = AnswerType::FreeText;
    std::vector<std::string> choices; ///< for choice types
    std::optional<int> wordLimit;     ///< most words its answer may have, when the consultation sets a limit
    std::optional<int> formCharLimit; ///< most characters the online form's box takes, when known
    bool required = false;            ///< the consultation requires an answer to it
};

/// One response to one consultation, with its own metadata.
struct Submission
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    /// The consultation it answers.
    RowId consultationId = 0;
    /// Its title and the organisation that submits it.
    std::string title;
    std::string organisation;
    /// The role (not the person) to contact about it.
    std::string contactRole;
    std::string contactEmail; ///< an organisational address
    std::string asAt;         ///< ISO 8601 date-time; fixes the workbook's creation time
    /// What the response says in brief, and what a reader must bear in mind (both scanned by the guard).
    std::string summary;
    std::string caveats;
    /// The share (0 to 1) of the areas in scope a like-for-like total must cover for its change to be
    /// stated: below it the change is of low reliability and no headline states it.
    double coverageThreshold = 0.5;
};

/// The answer to one question in a submission, and what it cites.
struct Answer
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    /// The submission and the question it answers.
    RowId submissionId = 0;
    RowId questionId = 0;
    std::string choice; ///< "yes", "no", a choice label, or several separated by ';'
    /// The answer's free text (scanned by the guard).
    std::string text;
    /// The measures and case studies the answer cites as its evidence.
    std::vector<RowId> citedMeasures;
    std::vector<RowId> citedCaseStudies;
};

/// A point a response makes that is not tied to a question ("additional points"), in the response's order.
struct AdditionalPoint
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    /// The submission it belongs to.
    RowId submissionId = 0;
    int position = 0; ///< 1, 2, 3 ...: its place among the submission's points
    /// What the point says (scanned by the guard).
    std::string text;
    std::string createdAt; ///< ISO 8601 UTC, from the store's clock
    /// When it was last saved: ISO 8601 UTC, from the store's clock.
    std::string updatedAt;
};

/// A WARN anonymisation finding that a person acknowledged, with the reason, for one field of one record.
struct FindingAcknowledgement
{
    /// Row id and uuid.
    RowId id = 0;
    std::string uuid;
    std::string recordTable; ///< e.g. "case_studies"
    /// The uuid of the record whose field it is.
    std::string recordUuid;
    std::string field;       ///< the scanner's field code, e.g. "case_study.narrative"
    std::string kind;        ///< the scanner's kind code, e.g. "person_name"
    std::string matchedText; ///< the text as it was acknowledged
    std::string fingerprint; ///< kind|field|normalised text: what identifies the finding across edits
    /// Why the finding does not identify anyone, as the person acknowledging it wrote.
    std::string reason;
    std::string acknowledgedBy; ///< a role
    std::string acknowledgedAt; ///< ISO 8601 UTC, set by the store
};

/// One row of the audit log.
struct AuditEntry
{
    /// The entry's number, rising with time.
    std::int64_t id = 0;
    std::string at;     ///< ISO 8601 UTC
    std::string osUser; ///< the operating-system user who made the change
    /// The table and the uuid of the record changed, or of the event recorded (Store::recordEvent()).
    std::string table;
    std::string recordUuid;
    std::string action;    ///< insert, update, delete
    std::string oldValues; ///< JSON object, empty for inserts
    std::string newValues; ///< JSON object, empty for deletes
};

} // namespace evidence
