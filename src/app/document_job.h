#pragma once
/// @file document_job.h
/// @brief The response document: the submission as a .docx or .odt to send to a consultation or a committee,
/// gated by the anonymisation guard exactly as the workbook is (export_job.h).
///
/// @code
/// evidence::app::ExportOptions gate;      // the workbook's gate: same refusals, same overrides
/// evidence::app::useStoreScanner(store, gate);
/// evidence::app::DocumentOptions options; // what a consultation profile asks for
/// options.wordLimitTotal = 3000;
/// auto report = evidence::app::exportDocument(store, "response.docx", options, gate);
/// @endcode

#include "app/document_writer.h"
#include "app/export_job.h"
#include "core/consultation_profile.h"
#include "export/workbook_model.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evidence::app {

/// How the document is laid out and what it holds: what a consultation profile (or the command line) fills in.
struct DocumentOptions
{
    /// The document's heading; empty: "Written evidence submitted by <organisation>" (as select committees ask).
    std::string heading;
    bool numberedParagraphs = true; ///< number the paragraphs of answers, points and case studies (1., 2., ...)
    bool summaryAsBullets = true;   ///< the summary as bullet points, one a sentence or line
    /// Said in bold under the heading, e.g. "This response is confidential: please do not publish it."
    /// Empty: no statement (a response is then published as sent).
    std::string confidentiality;
    std::size_t wordLimitPerAnswer = 0; ///< words each answer may have; 0 = no limit
    std::size_t wordLimitTotal = 0;     ///< words the whole document may have; 0 = no limit
    /// References (e.g. "CS-002") of the case studies to include, each selected for the submission; empty: every
    /// case study selected for it.
    std::vector<std::string> caseStudies;
    /// Points not tied to a question, each one or more numbered paragraphs. exportDocument() fills them in from
    /// the store (Store::additionalPoints()), where they are edited and scanned like answers.
    std::vector<std::string> additionalPoints;
    /// Whether the consultation accepts points not tied to a question; when not, the points are left out of the
    /// document and that is reported.
    bool extraPointsAllowed = true;
    /// Each question's own word limit (Question::wordLimit, from the profile) applies instead of
    /// wordLimitPerAnswer where it has one.
    bool questionWordLimits = false;
    /// Numbers of the questions the consultation requires an answer to (every question when it takes no partial
    /// responses); each left unanswered is reported.
    std::vector<std::string> requiredQuestions;
    /// Whether the consultation publishes responses (from its profile); none: not known, nothing is reported.
    std::optional<Publication> publication;
    /// Said first among the document's notes (ComposedDocument::notes), e.g. which profile gave these options.
    std::vector<std::string> notes;
    /// The document's language, as a BCP 47 tag (empty: en-GB).
    std::string language = "en-GB";
};

/// The statement printed under the heading when a response asks not to be published.
inline constexpr const char* kConfidentialityStatement =
    "This response is confidential: please do not publish it, in whole or in part.";

/// The document a consultation's @p profile asks for: its heading (with the submission's organisation filled in;
/// the select committees' heading when the profile has none), numbered paragraphs, the summary as bullet points
/// when it comes first, the word limits per answer and in total, whether responses are published, whether extra
/// points are accepted and, when the profile is for the consultation @p submission answers
/// (@p profileConsultationId), each question's word limit and the questions that need an answer. A profile of
/// another consultation (a committee's, for a response written to a consultation) gives its layout and limits
/// only, and a note says so. @p confidentiality is the statement to print when the response asks not to be
/// published (empty: it does not ask).
DocumentOptions documentOptionsFor(const ConsultationProfile& profile, RowId profileConsultationId,
                                   const Submission& submission, const std::string& confidentiality = {});

/// The words of one answer, against its limit.
struct AnswerWordCount
{
    /// The number of the question answered, and the words of its answer (countWords()).
    std::string questionNumber;
    std::size_t words = 0;
    std::size_t limit = 0; ///< 0 = none
};

/// A response document ready to write, with its word counts.
struct ComposedDocument
{
    /// The document's properties and paragraphs, for renderDocument().
    DocumentContent content;
    std::vector<AnswerWordCount> answers; ///< in question order
    std::size_t totalWords = 0;           ///< every word of the document, paragraph numbers and bullets aside
    /// One sentence per limit exceeded ("The answer to question 3 has 612 words, over the limit of 500.").
    std::vector<std::string> overLimits;
    /// What the consultation's rules say about this response, one sentence each: required questions left
    /// unanswered, points left out, how a confidentiality request fares.
    std::vector<std::string> notes;
    /// Per question number, the workbook rows its answer cites, as the document states them.
    std::vector<std::pair<std::string, std::string>> references;
};

/// Where each answer's citations are in the workbook @p model is written as: "Table 1, row 47 (...)". Taken from
/// the workbook's own layout (its Evidence cited table, with rows split as the written file has them), so the
/// rows are those a reader sees in the workbook. Per question number, in question order.
std::vector<std::pair<std::string, std::vector<std::string>>> workbookReferences(const xlsx::WorkbookModel& model);

/// Lays out the response document for @p model (a gated model: see checkExportGate()).
/// @throws DataError for a case study in options.caseStudies that is not selected for the submission.
ComposedDocument composeDocument(const xlsx::WorkbookModel& model, const DocumentOptions& options);

/// What exportDocument() did.
struct DocumentReport
{
    /// Whether the document was written, refused or cancelled, and where it was written.
    ExportStatus status = ExportStatus::Refused;
    std::filesystem::path file;
    std::vector<std::string> reasons;   ///< why it was refused, one sentence each
    std::vector<std::string> overrides; ///< what an override admitted
    /// The written file's size in bytes.
    std::uintmax_t bytes = 0;
    /// The words of each answer against its limit, in question order, and of the whole document.
    std::vector<AnswerWordCount> answers;
    std::size_t totalWords = 0;
    /// One sentence per limit exceeded, as ComposedDocument::overLimits (they do not refuse the document).
    std::vector<std::string> overLimits;
    std::vector<std::string> notes; ///< as ComposedDocument::notes
};

/// Writes the response document to @p target (.docx or .odt, by its extension). The workbook's gate decides:
/// the same readiness list and scan (gate.preflightScan, see useStoreScanner()) refuse it exactly when they
/// refuse the workbook, and gate.postWriteScan re-reads the written file's text before it replaces the
/// target. Nothing is written on a refusal; the file is written beside the target (0600) and renamed into
/// place. Word limits are reported (DocumentReport::overLimits), never a reason to refuse.
/// @throws FileError for an extension other than .docx/.odt or a file that cannot be written; DataError,
///         NotFoundError as composeDocument() and buildWorkbookModel().
DocumentReport exportDocument(db::Store& store, const std::filesystem::path& target, const DocumentOptions& options,
                              const ExportOptions& gate);

} // namespace evidence::app
