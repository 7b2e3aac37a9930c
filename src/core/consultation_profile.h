#pragma once
/// @file consultation_profile.h
/// @brief How a response to one consultation must be shaped: the questions and the channel's rules.
///
/// A profile is data a charity can write (a TOML file, see docs/consultation-profiles.md); the store keeps
/// the one it was last given for each consultation. The response document, the readiness list and the
/// "copy for the online form" read their limits, heading and layout from here.

#include "core/domain.h"

#include <optional>
#include <string>
#include <vector>

namespace evidence {

/// Whether the body that runs the consultation publishes the responses it receives.
enum class Publication {
    Published,                   ///< every response may be published, with the responder's name
    PublishedUnlessConfidential, ///< published unless the response itself asks for confidentiality
    NotPublished,
};
std::string_view publicationCode(Publication p) noexcept; ///< published, published_unless_confidential, ...
/// Parses a code as publicationCode() returns it; nothing for any other.
std::optional<Publication> parsePublication(std::string_view code) noexcept;

/// One question of a profile, numbered as the consultation numbers it ("2", "2a").
struct ProfileQuestion
{
    std::string number; ///< "1", "2a": a letter after the number makes it a sub-part
    /// The question's words and the form its answer takes.
    std::string text;
    AnswerType answerType = AnswerType::FreeText;
    std::vector<std::string> choices; ///< for choice types, in order
    /// Whether the consultation requires an answer to it.
    bool required = false;
    std::optional<int> wordLimit;     ///< words, for this answer (overrides the profile's per-answer limit)
    std::optional<int> formCharLimit; ///< characters the online form's box takes
    int line = 0;                     ///< where it is in the profile file (0 when read from a store)

    /// The number this one is a sub-part of ("2" for "2a"); empty for a question of its own.
    std::string parentNumber() const;
};

/// The channel's rules and the questions of one consultation.
struct ConsultationProfile
{
    std::string name; ///< short name, e.g. "online-harms-white-paper-2019"

    // The consultation itself (matched in a store by code, else by title).
    std::string code; ///< e.g. "CP 57"; may be empty (a select committee inquiry)
    std::string title;
    std::string publisher;
    std::string url;
    std::string opens;      ///< ISO date, may be empty
    std::string closesDate; ///< ISO date, may be empty (an inquiry's deadline is set when it is launched)
    std::string closesTime; ///< "23:59", 24-hour, may be empty
    std::string timeZone;   ///< IANA name, e.g. "Europe/London"; required with closesTime

    // How a response is sent.
    std::vector<std::string> channels;    ///< online_survey, email, post, document
    std::vector<std::string> fileFormats; ///< for a document: doc, docx, odt, rtf, pdf
    /// Largest document the channel accepts, in megabytes, when it sets one.
    std::optional<int> maxFileMegabytes;

    // Length.
    std::optional<int> wordLimitTotal;     ///< words in the whole response
    std::optional<int> wordLimitPerAnswer; ///< words in each answer, unless the question sets its own

    // What may be left out or added.
    bool partialAnswersAllowed = true; ///< answering only some questions is accepted
    bool extraPointsAllowed = true;    ///< points not tied to a question are accepted

    // Publication.
    Publication publication = Publication::PublishedUnlessConfidential;
    std::string confidentialityNote; ///< how confidentiality is asked for, in the consultation's words

    // Document layout.
    std::string heading;       ///< e.g. "Written evidence submitted by {organisation}"; {organisation} is filled in
    bool summaryFirst = false; ///< a bullet-point summary opens the document
    bool numberedParagraphs = false; ///< paragraphs are numbered 1, 2, 3 ...

    // Trust in the wording.
    bool wordingChecked = false; ///< the questions' wording was checked against the published text
    std::string wordingNote;     ///< what is known about it, shown with the questions

    /// The consultation's questions, in the profile file's order.
    std::vector<ProfileQuestion> questions;

    /// The word limit of the answer to question @p number: its own, else the per-answer limit.
    std::optional<int> wordLimitFor(std::string_view number) const;
    /// The heading with {organisation} replaced.
    std::string headingFor(std::string_view organisation) const;
};

} // namespace evidence
