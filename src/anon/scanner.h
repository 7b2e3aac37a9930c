#pragma once
/// @file scanner.h
/// @brief The PII scanner: finds identifying details in free text before anything leaves the tool.
///
/// Implements the rules of docs/anonymisation.md §2 with the RE2 adaptations of §6.2.
/// Matching is linear in the input: RE2 (no backtracking) for the patterns, hash look-ups for the
/// name and place gazetteers, and libphonenumber only on short, bounded candidates.
///
/// @code
/// evidence::anon::ScanContext ctx;
/// ctx.field = evidence::anon::Field::CaseStudyNarrative;
/// auto findings = evidence::anon::scanText(caseStudy.narrative, ctx);
/// findings = evidence::anon::filterAcknowledged(std::move(findings), acknowledgements);
/// bool blocked = evidence::anon::hasBlocking(findings);
/// @endcode

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::anon {

/// What a finding is. The order is also the tie-break when two findings cover the same span.
enum class FindingKind {
    Email,               ///< e-mail address (§2.5)
    Phone,               ///< telephone number, UK or international (§2.4)
    Postcode,            ///< full UK postcode (BLOCK) or outward code after "postcode"/"address" (WARN) (§2.3)
    SocialProfileUrl,    ///< link to a social-media profile (§2.6)
    Url,                 ///< any other web link (§2.6)
    SocialHandle,        ///< @handle, or a user name given after a platform name (§2.7)
    IpAddress,           ///< IPv4 or IPv6 address (§2.11)
    PaymentCard,         ///< payment card number passing the Luhn check (§2.11)
    NhsNumber,           ///< NHS or CHI number passing the mod-11 check (§2.1)
    NiNumber,            ///< National Insurance number (§2.2)
    Passport,            ///< UK passport number (§2.9)
    DrivingLicence,      ///< UK driving licence number (§2.9)
    VehicleRegistration, ///< UK number plate (§2.8)
    Date,                ///< full date (day and month); BLOCK next to "born", "DOB", "birthday" (§2.10)
    StreetAddress,       ///< named street or estate; BLOCK with a house number (§2.12, §4.4)
    School,              ///< named school, academy or college, including Welsh "Ysgol" (§2.12)
    PlaceOfWorship,      ///< named church, mosque, gurdwara, synagogue, temple (§2.15)
    Club,                ///< named sports club or youth team (§2.15)
    PersonName,          ///< personal name not marked as a pseudonym with `*` (§2.13)
    Place,               ///< town, city, district or county below region level (§4.4)
};

/// Every kind, in enum order (for reports and tests).
std::span<const FindingKind> allKinds() noexcept;
/// Stable lower-case code of a kind, used in fingerprints and storage: "email", "phone", "nhs_number", ...
std::string_view kindCode(FindingKind kind) noexcept;
/// Human-readable name of a kind: "e-mail address", "phone number", "NHS number", ...
std::string_view kindName(FindingKind kind) noexcept;
/// Parses a kind code as returned by kindCode(); @throws evidence::DataError for an unknown code.
FindingKind parseKindCode(std::string_view code);

/// How serious a finding is (docs/anonymisation.md §6.3).
enum class Severity {
    Warn,  ///< quasi-identifier or weak match: export needs a recorded acknowledgement
    Block, ///< direct identifier: export refused until the text is changed
};
/// "WARN" or "BLOCK".
std::string_view severityName(Severity severity) noexcept;

/// Which free-text field is scanned. Part of a finding's fingerprint; SubmissionContact also
/// enables the organisational contact allow-list.
enum class Field {
    Other,              ///< anything else: sheet names, chart titles, workbook properties
    CaseStudyTitle,     ///< CaseStudy::title
    CaseStudyNarrative, ///< CaseStudy::narrative
    CaseStudyOutcome,   ///< CaseStudy::outcome
    CaseStudyNotes,     ///< notes attached to a case study
    AnswerText,         ///< Answer::text
    SubmissionTitle,    ///< Submission::title
    SubmissionSummary,  ///< Submission::summary
    SubmissionCaveats,  ///< Submission::caveats
    SubmissionContact,  ///< the submission's contact details (role, e-mail): allow-list applies
};
/// Stable code of a field: "other", "case_study.title", "case_study.narrative", ...
std::string_view fieldCode(Field field) noexcept;

/// What the caller tells the scanner about the text it scans.
struct ScanContext
{
    /// The field the text comes from.
    Field field = Field::Other;
    /// Organisational contact details (e-mail addresses, phone numbers, web sites, @handles) that are
    /// allowed in the SubmissionContact field. Compared after normalisation (case, spacing, phone
    /// numbers in E.164). Ignored in every other field, where they are reported like any other detail.
    std::vector<std::string> allowedContacts;
    /// Pseudonyms (without `*`) that collide with widely reported real cases (§2.13 item 4).
    /// A `Name*` whose name is on this list is reported as a WARN PersonName finding.
    std::vector<std::string> pseudonymDenyList;
};

/// One identifying detail found in a text.
struct Finding
{
    FindingKind kind = FindingKind::PersonName; ///< what was found
    Severity severity = Severity::Warn;         ///< BLOCK stops an export; WARN needs an acknowledgement
    Field field = Field::Other;                 ///< copied from the ScanContext
    std::size_t byteBegin = 0;                  ///< UTF-8 byte offset of the first byte of the match
    std::size_t byteEnd = 0;                    ///< byte offset one past the match
    std::size_t charBegin = 0; ///< the same span counted in code points (an invalid byte counts as one)
    std::size_t charEnd = 0;   ///< code-point offset one past the match
    std::string matched;       ///< the original bytes of the span
    std::string rule;          ///< the rule that matched, e.g. "nhs.checksum", "name.gazetteer"
    std::string reason;        ///< why it was reported, e.g. "context word \"passport\" before the match"
    std::string replacement; ///< suggested text for the span, e.g. "[phone number removed]", "the North East", "Jade*"
    std::string suggestion;  ///< a sentence telling the user what to do; never quotes the matched text, so it
                             ///< may go into any message

    /// Stable identity used to match acknowledgements: kind code, field code and the normalised matched
    /// text, joined by '|', e.g. "person_name|case_study.narrative|jade". Independent of the position, so it
    /// survives edits elsewhere in the text.
    std::string fingerprint() const;
};

/// Normalises matched text for a fingerprint: typographic characters folded (as for scanning), lower case,
/// white space collapsed; phone numbers in E.164 ("+447700900123"); for the other number-like kinds (NHS,
/// NINO, card, postcode, passport, licence, vehicle, IP) only letters and digits are kept.
std::string normaliseForFingerprint(FindingKind kind, std::string_view matched);
/// The fingerprint of a finding of @p kind in @p field whose matched text is @p matched.
std::string fingerprint(FindingKind kind, Field field, std::string_view matched);

/// Scans UTF-8 @p text (invalid bytes are tolerated and count as one character each).
/// @return findings sorted by byteBegin, without overlaps where one span contains another (the containing
/// span wins and takes the higher severity, §2.14); partial overlaps are both kept.
/// @throws evidence::Error if @p text is larger than 1 GiB.
std::vector<Finding> scanText(std::string_view text, const ScanContext& ctx);

/// True when any finding is BLOCK.
bool hasBlocking(std::span<const Finding> findings) noexcept;

/// A recorded acknowledgement of a WARN finding (the store adds who, when and why).
struct Acknowledgement
{
    /// The kind and the field of the finding acknowledged: with the matched text, what identifies it.
    FindingKind kind = FindingKind::PersonName;
    Field field = Field::Other;
    std::string matched; ///< the matched text as it was acknowledged
    /// fingerprint(kind, field, matched): the same key as Finding::fingerprint().
    std::string fingerprint() const;
};

/// Removes WARN findings whose fingerprint equals an acknowledgement's. BLOCK findings are never
/// removed: an unresolved BLOCK always stops an export (docs/anonymisation.md §6.3).
std::vector<Finding> filterAcknowledged(std::vector<Finding> findings, std::span<const Acknowledgement> acks);
/// As above, with acknowledgements given as fingerprints.
std::vector<Finding> filterAcknowledged(std::vector<Finding> findings, std::span<const std::string> fingerprints);

/// A replacement of bytes [byteBegin, byteEnd) of a text.
struct Edit
{
    std::size_t byteBegin = 0; ///< first byte replaced
    std::size_t byteEnd = 0;   ///< one past the last byte replaced
    std::string text;          ///< replacement (UTF-8)
};

/// Applies @p edits to @p text. Edits may come in any order; an edit that overlaps an earlier-starting one
/// is skipped. @throws evidence::Error if an edit lies outside the text.
std::string applyEdits(std::string_view text, std::vector<Edit> edits);
/// Replaces one finding's span with its suggested replacement.
std::string applyFix(std::string_view text, const Finding& finding);
/// Replaces every finding's span with its suggested replacement (findings from one scan of @p text).
std::string applyFixes(std::string_view text, std::span<const Finding> findings);

} // namespace evidence::anon
