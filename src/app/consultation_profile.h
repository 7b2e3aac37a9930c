#pragma once
/// @file consultation_profile.h
/// @brief Consultation profiles: reading one from its file, loading it into a store, and measuring a response
///        against its limits (words per answer and in total, characters of an online form's box).
///
/// The struct itself is evidence::ConsultationProfile (core/consultation_profile.h). The file format is
/// TOML, described in docs/consultation-profiles.md.
///
/// @code
/// auto profile = evidence::app::readProfileFile("my-consultation.toml"); // throws DataError, file:line each
/// auto result = evidence::app::importProfile(store, profile, submissionId);
/// auto lengths = evidence::app::measureResponse(store, submissionId);
/// @endcode

#include "core/consultation_profile.h"
#include "db/store.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::app {

/// Reads a profile from TOML @p text; @p fileName names it in messages.
/// @throws DataError listing every problem as "FILE:LINE: field 'F' value 'V': reason".
ConsultationProfile parseProfile(std::string_view text, const std::string& fileName);

/// Reads the profile file at @p path. @throws FileError when it cannot be read, DataError as parseProfile().
ConsultationProfile readProfileFile(const std::filesystem::path& path);

/// A profile the tool ships, by its short name.
struct ShippedProfile
{
    std::string name;     ///< e.g. "online-harms-white-paper-2019"
    std::string fileName; ///< e.g. "online-harms-white-paper-2019.toml"
    /// The profile's text (TOML), compiled into the program.
    std::string_view text;
};
/// Every profile the tool ships, by name.
std::vector<ShippedProfile> shippedProfiles();

/// Reads @p fileOrName: a file when one exists at that path, else a shipped profile of that name.
/// @throws FileError / DataError.
ConsultationProfile loadProfile(const std::string& fileOrName);

/// What importProfile() did.
struct ProfileImportResult
{
    /// The consultation the profile is for, and whether importing it created it.
    RowId consultationId = 0;
    bool consultationCreated = false;
    /// How many questions were added to the store, and how many existing ones changed (wording, type, limits).
    std::size_t questionsAdded = 0;
    std::size_t questionsChanged = 0;
    std::vector<std::string> questionsNotInProfile; ///< kept in the store: answers may refer to them
    bool submissionSwitched = false;                ///< the submission now answers this consultation
};

/// Loads @p profile into @p store in one transaction (every write audited): the consultation (matched by
/// code, else by title) is created or updated, each question is added or updated by its number, and the
/// profile's rules are saved. With @p submissionId, that submission is made to answer this consultation;
/// refused (nothing written) when it holds answers to another consultation's questions.
/// @throws DataError / NotFoundError.
ProfileImportResult importProfile(db::Store& store, const ConsultationProfile& profile,
                                  std::optional<RowId> submissionId = std::nullopt);

/// A profile loaded into a store, with the consultation it is for.
struct StoredProfile
{
    /// The consultation it is for, and the profile as saved in the store (its rules and questions).
    RowId consultationId = 0;
    ConsultationProfile profile;
};
/// Every profile loaded into @p store, in the order of its consultations.
std::vector<StoredProfile> storedProfiles(const db::Store& store);
/// The profile named @p name (ConsultationProfile::name, any case) among those loaded into @p store.
/// @throws NotFoundError naming the profiles the store holds, the shipped ones and how to load one.
StoredProfile findStoredProfile(const db::Store& store, const std::string& name);

/// Changes the wording of question @p number of @p consultationId (an audited edit).
/// @throws NotFoundError when there is no such question, DataError for empty wording.
void setQuestionText(db::Store& store, RowId consultationId, std::string_view number, std::string_view text);

/// The words in @p text as a word processor counts them: runs of characters between spaces, tabs and line
/// breaks, leaving out runs with no letter or digit (a bullet "•", a dash "–").
std::size_t countWords(std::string_view text);

/// Characters (Unicode code points) in UTF-8 @p text, as an online form counts them.
std::size_t countCharacters(std::string_view text);

/// The length of one answer against its limits.
struct AnswerLength
{
    /// The question, by id and by its number.
    RowId questionId = 0;
    std::string number;
    /// Words in the answer (countWords()) and the question's word limit, when it has one.
    std::size_t words = 0;
    std::optional<int> wordLimit;
    std::size_t characters = 0; ///< of plainTextForForm()
    /// The most characters the online form's box takes, when known.
    std::optional<int> formCharLimit;

    /// Whether the answer has more words than its limit allows.
    bool overWords() const noexcept { return wordLimit && words > static_cast<std::size_t>(*wordLimit); }
    /// Whether the answer has more characters than the form's box takes.
    bool overCharacters() const noexcept
    {
        return formCharLimit && characters > static_cast<std::size_t>(*formCharLimit);
    }
};

/// The lengths of a response: each answered question, the summary and the total.
struct ResponseLength
{
    std::vector<AnswerLength> answers; ///< in question order, answered questions only
    /// Words in the summary.
    std::size_t summaryWords = 0;
    std::size_t pointWords = 0; ///< the additional points, together
    std::size_t totalWords = 0; ///< the summary, every answer's text and the additional points
    /// The profile's limit on the whole response, when it sets one, and whether the consultation has a profile.
    std::optional<int> totalLimit;
    bool hasProfile = false;

    /// Whether the whole response has more words than the profile allows.
    bool overTotal() const noexcept { return totalLimit && totalWords > static_cast<std::size_t>(*totalLimit); }
};

/// Measures the response of @p submissionId against its consultation's profile (none: no limits).
ResponseLength measureResponse(const db::Store& store, RowId submissionId);

/// The answer's text as plain text for pasting into an online form: line breaks as "\n", each line without
/// spaces or tabs at its ends, at most one empty line between paragraphs, nothing before or after.
std::string plainTextForForm(std::string_view answerText);

/// One line saying @p words against @p limit, e.g. "412 of 500 words" or "612 words, 112 over the 500 allowed".
std::string describeWords(std::size_t words, std::optional<int> limit);
/// The same for characters of an online form's box.
std::string describeCharacters(std::size_t characters, std::optional<int> limit);

} // namespace evidence::app
