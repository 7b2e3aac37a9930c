#include "app/export_job.h"

#include "app/anonymisation.h"
#include "app/lookup.h"
#include "app/part_file.h"
#include "app/trend_analysis.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/text.h"
#include "core/trends/methodology.h"
#include "export/suppression.h"
#include "export/workbook_writer.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <unistd.h>

namespace evidence::app {
namespace {

// Free memory worth handing back before the written file is re-read (see returnFreedMemory()): at size L
// libxlsxwriter frees about 2 GB; at size S, about 40 MB.
constexpr std::size_t kWorthReturning = std::size_t{256} << 20;

// At most this many bytes of text read from the workbook while libxlsxwriter, which still holds its own copy,
// writes it: the shared strings of an S export are 1.7 MB; at L, 72 MB of accounts, read after the close.
constexpr std::size_t kPrereadTextBudgetBytes = std::size_t{16} << 20;

// Temporary workbooks are named ".<target>.<8 hex digits>.part", beside the target.
bool isPartFor(const std::string& name, const std::string& target)
{
    const std::string prefix = "." + target + ".";
    constexpr std::string_view kSuffix = ".part";
    if (name.size() != prefix.size() + 8 + kSuffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
        return false;
    return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                       name.end() - static_cast<std::ptrdiff_t>(kSuffix.size()),
                       [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// An export holds a lock on its temporary file until it ends, and the kernel lets go of it when the
// process dies, however it dies. A temporary file for the same target that nobody holds was left by an
// export that was killed: up to tens of megabytes of a submission's case studies, hidden beside the
// target, that no one would otherwise ever remove.
std::size_t removeAbandonedParts(const std::filesystem::path& target)
{
    std::size_t removed = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folderOf(target), ec), end; !ec && it != end; it.increment(ec)) {
        const std::filesystem::path p = it->path();
        if (!isPartFor(platform::utf8(p.filename()), platform::utf8(target.filename())))
            continue;
        if (platform::removeIfAbandoned(p))
            ++removed;
    }
    return removed;
}

// libxlsxwriter reports a failure by printing "[ERROR][./src/packager.c:1541]: ..." lines on standard
// error, then returns an error code that the writer turns into an exception. The exception says what
// happened in words; those lines, while a workbook is written, are held back and dropped on failure
// (printed as they were when the workbook was written after all).
class LibraryErrorsHeldBack
{
public:
    LibraryErrorsHeldBack()
    {
        std::fflush(stderr);
        m_held = std::tmpfile();
        m_saved = m_held ? ::dup(STDERR_FILENO) : -1;
        if (m_saved < 0 || ::dup2(::fileno(m_held), STDERR_FILENO) < 0) {
            if (m_saved >= 0)
                ::close(m_saved);
            m_saved = -1;
        }
    }
    ~LibraryErrorsHeldBack()
    {
        if (m_saved >= 0) {
            std::fflush(stderr);
            ::dup2(m_saved, STDERR_FILENO);
            ::close(m_saved);
            if (m_passOn) {
                std::rewind(m_held);
                char buf[4096];
                for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, m_held)) > 0;)
                    (void)std::fwrite(buf, 1, n, stderr);
            }
        }
        if (m_held)
            std::fclose(m_held);
    }
    LibraryErrorsHeldBack(const LibraryErrorsHeldBack&) = delete;
    LibraryErrorsHeldBack& operator=(const LibraryErrorsHeldBack&) = delete;
    /// The workbook was written: whatever the library printed is passed on.
    void written() noexcept { m_passOn = true; }

private:
    std::FILE* m_held = nullptr;
    int m_saved = -1;
    bool m_passOn = false;
};

// A temporary file beside the target, locked while this export runs and removed on destruction unless
// released.
class TempFile
{
public:
    explicit TempFile(const std::filesystem::path& target)
    {
        const auto dir = folderOf(target);
        std::random_device rd;
        for (int attempt = 0; attempt < 20; ++attempt) {
            char suffix[16];
            std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(rd()));
            const auto candidate =
                dir / platform::pathFromUtf8("." + platform::utf8(target.filename()) + "." + suffix + ".part");
            // Owner only, like stores: the file holds case studies before their re-check, and the
            // workbook it is renamed to keeps the mode (libxlsxwriter rewrites it, never re-creates it).
            std::string reason;
            const auto made = m_file.create(candidate, reason);
            if (made == platform::HeldNewFile::Create::Failed)
                throw FileError("cannot write the workbook in " + platform::utf8(dir) + ": " + reason);
            if (made == platform::HeldNewFile::Create::NameTaken)
                continue;
            m_path = candidate;
            return;
        }
        throw FileError("cannot create a temporary file in " + platform::utf8(dir));
    }
    ~TempFile()
    {
        if (!m_path.empty()) {
            std::error_code ec;
            std::filesystem::remove(m_path, ec);
        }
        m_file.close(); // only now: unheld, the file would look abandoned to another export
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::filesystem::path& path() const noexcept { return m_path; }
    /// The file has been renamed to the target: it is no longer ours to remove.
    void release() noexcept { m_path.clear(); }

private:
    std::filesystem::path m_path;
    platform::HeldNewFile m_file;
};

void syncFile(const std::filesystem::path& p, bool directory)
{
    if (!platform::syncToDisk(p, directory) && !directory)
        throw FileError("cannot flush " + platform::utf8(p) +
                        " to disk: " + platform::describeError(platform::lastSystemError()));
}

} // namespace

xlsx::WorkbookModel buildWorkbookModel(const db::Store& store, RowId submissionId, const std::string& toolVersion)
{
    // Every figure, total, case study and answer as of one moment, even if the GUI or another
    // program saves while the workbook is built.
    const db::Store::ReadSnapshot snapshot(store);
    xlsx::WorkbookModel m;
    m.submission = findSubmission(store, submissionId);
    if (auto c = store.consultation(m.submission.consultationId))
        m.consultation = *c;
    m.storeId = store.storeId();
    m.toolVersion = toolVersion.empty() ? xlsx::toolVersion() : toolVersion;
    m.methodology = std::string(methodologyText());

    std::vector<RowId> measureIds = store.selectedMeasures(m.submission.id);
    if (measureIds.empty())
        for (const auto& measure : store.measures())
            measureIds.push_back(measure.id);
    std::set<RowId> sourceIds;
    // The same analysis as the trends command and the GUI: series, scope, totals and breakdowns.
    // The submission's own coverage threshold decides which like-for-like changes are stated.
    m.coverageThreshold = m.submission.coverageThreshold;
    AnalysisOptions analysisOptions;
    analysisOptions.coverageThreshold = m.coverageThreshold;
    // The rest of the model is read while the last measures are analysed.
    std::vector<Source> sources;
    std::vector<CaseStudy> caseStudies;
    std::vector<std::string> regionNames;
    std::vector<Answer> answers;
    std::vector<std::optional<Question>> questions;
    auto analyses = analyseMeasures(store, measureIds, analysisOptions, [&] {
        sources = store.sources();
        caseStudies = store.selectedCaseStudyRecords(m.submission.id);
        for (const auto& cs : caseStudies) {
            const auto region = cs.regionAreaId ? store.area(cs.regionAreaId) : std::nullopt;
            regionNames.push_back(region ? region->name : std::string());
        }
        answers = store.answers(m.submission.id);
        for (const auto& a : answers)
            questions.push_back(store.question(a.questionId));
    });
    for (MeasureAnalysis& analysis : analyses) {
        if (analysis.sourceIds.empty())
            continue; // no observations at all
        xlsx::MeasureSection sec;
        sec.measure = analysis.measure;
        sourceIds.insert(analysis.sourceIds.begin(), analysis.sourceIds.end());
        std::set<Period> periods;
        for (const auto& o : analysis.totalObservations)
            periods.insert(o.period);
        sec.periods = trends::periodSpan({periods.begin(), periods.end()});
        for (std::size_t i = 0; i < analysis.series.size(); ++i)
            sec.series.push_back(xlsx::AreaSeries{analysis.seriesAreas.at(i), std::move(analysis.series[i].figures)});
        if (analysis.scope && analysis.totals)
            sec.totals = xlsx::MeasureTotals{analysis.scope->name, analysis.scopeMembers, std::move(*analysis.totals)};
        for (auto& b : analysis.breakdowns)
            sec.distributions.push_back(xlsx::AreaDistribution{b.area, std::move(b.distribution)});
        sec.observations = std::move(analysis.totalObservations); // with each figure's round and as-at date
        sec.sourceIds = std::move(analysis.sourceIds);
        m.measures.push_back(std::move(sec));
    }
    for (auto& s : sources)
        if (sourceIds.count(s.id))
            m.sources.push_back(std::move(s));

    for (std::size_t i = 0; i < caseStudies.size(); ++i) {
        xlsx::CaseStudyEntry e;
        e.regionName = std::move(regionNames[i]);
        e.caseStudy = std::move(caseStudies[i]);
        m.caseStudies.push_back(std::move(e));
    }
    std::sort(m.caseStudies.begin(), m.caseStudies.end(),
              [](const auto& a, const auto& b) { return a.caseStudy.reference < b.caseStudy.reference; });

    for (std::size_t i = 0; i < answers.size(); ++i)
        if (questions[i])
            m.responses.push_back(xlsx::ResponseEntry{std::move(*questions[i]), std::move(answers[i])});
    std::sort(m.responses.begin(), m.responses.end(),
              [](const auto& a, const auto& b) { return a.question.position < b.question.position; });
    return m;
}

xlsx::SuppressionOptions suppressionOptions(const db::Store& store, const xlsx::WorkbookModel& model, int threshold)
{
    xlsx::SuppressionOptions so;
    so.threshold = threshold;
    for (const auto& sec : model.measures)
        for (const auto& s : sec.series)
            if (s.area.kind != AreaKind::PoliceForceArea && !so.aggregateMembers.count(s.area.id))
                so.aggregateMembers[s.area.id] = store.areaMembers(s.area.id);
    return so;
}

namespace {

/// The gate's verdict given the scan's @p findings: the readiness list's blocking items. Leaves the model as
/// it is: the note of each draft an override admits comes back in @p notes (by position in
/// model.caseStudies, empty for the others), so the verdict can be reached while another thread lays out
/// the same model.
GateResult gateVerdict(const xlsx::WorkbookModel& model, const ReadinessFacts& facts, const ExportOptions& options,
                       const std::vector<GateFinding>& findings, std::vector<std::string>& notes)
{
    const ReadinessList list = assessReadiness(model, facts, options.allowUnreviewed, findings);
    GateResult g;
    g.refusals = list.refusals();
    g.overrides = list.overrides();
    notes = list.overrideNotes;
    return g;
}

} // namespace

GateResult checkExportGate(xlsx::WorkbookModel& model, const ReadinessFacts& facts, const ExportOptions& options)
{
    std::vector<GateFinding> findings;
    if (options.preflightScan)
        findings = options.preflightScan(model);
    std::vector<std::string> notes;
    GateResult g = gateVerdict(model, facts, options, findings, notes);
    for (std::size_t ci = 0; ci < notes.size(); ++ci)
        model.caseStudies[ci].overrideNote = std::move(notes[ci]);
    model.overrides = g.overrides;
    return g;
}

namespace {

ExportReport exportChecked(db::Store& store, const std::filesystem::path& target, const ExportOptions& options)
{
    ExportReport report;
    report.file = target;
    if (target.empty())
        throw FileError("no file name was given for the workbook");
    std::error_code ec;
    if (std::filesystem::is_directory(target, ec))
        throw FileError(platform::utf8(target) + " is a folder: give a file name ending in .xlsx");

    auto step = [&](const std::string& name) {
        if (options.faultInjection)
            options.faultInjection(name);
    };
    auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    xlsx::WorkbookModel model;
    ReadinessFacts facts;
    {
        const db::Store::ReadSnapshot snapshot(store);
        model = buildWorkbookModel(store, options.submissionId, options.toolVersion);
        facts = readReadinessFacts(store, model, options.suppressBelow);
    }
    auto refuse = [&](GateResult& gate) {
        report.status = ExportStatus::Refused;
        report.reasons = std::move(gate.refusals);
        return report;
    };
    // The scan's findings change what the workbook says only about drafts an override admits (their
    // notes list the warnings nobody acknowledged). Otherwise they can only refuse the export, so the
    // scan runs while libxlsxwriter writes the workbook, which a refusal then discards. When the gate
    // refuses on other grounds it scans first, so that every reason is given at once.
    std::vector<std::string> noNotes;
    const bool admitsDrafts = options.allowUnreviewed &&
                              std::any_of(model.caseStudies.begin(), model.caseStudies.end(),
                                          [](const auto& e) { return e.caseStudy.review != ReviewState::Reviewed; });
    const bool scanWhileWriting =
        options.preflightScan && !admitsDrafts && gateVerdict(model, facts, options, {}, noNotes).refusals.empty();
    GateResult gate;
    if (!scanWhileWriting) {
        gate = checkExportGate(model, facts, options);
        report.overrides = gate.overrides;
        if (!gate.refusals.empty())
            return refuse(gate);
    }
    if (cancelled()) {
        report.status = ExportStatus::Cancelled;
        return report;
    }
    if (options.suppressBelow > 0)
        report.suppression = xlsx::suppressSmallCounts(model, suppressionOptions(store, model, options.suppressBelow));

    // While libxlsxwriter writes the file on another thread, this one checks the store, runs the scan
    // (when its findings can only refuse) and reads what the scan of the written file needs. Here,
    // rather than on a thread of their own, they reuse the memory the rows written so far have freed.
    std::vector<GateFinding> findings;
    PostWriteScan postWriteScan;
    WorkbookPrereading prereading;
    report.abandonedTemporaryFilesRemoved = removeAbandonedParts(target);
    TempFile temp(target);
    TempFile helper(target); // for the largest tables, written on another core
    xlsx::WriteOptions wopts;
    wopts.helperFile = helper.path();
    wopts.apartMinCells = options.apartMinCells;
    wopts.valuesOnly = options.valuesOnly;
    wopts.charts = options.charts;
    wopts.cancel = options.cancel;
    wopts.faultInjection = options.faultInjection;
    wopts.progress = [&](double fraction, const std::string& what) {
        if (options.progress)
            options.progress(0.9 * fraction, what);
    };
    wopts.afterLayout = [&] {
        // The figures are in the layout now, and only the measures themselves are read again (by the
        // gate). At a million figures the rest is hundreds of megabytes that libxlsxwriter's cells reuse.
        for (auto& sec : model.measures) {
            xlsx::MeasureSection kept;
            kept.measure = std::move(sec.measure);
            sec = std::move(kept);
        }
    };
    wopts.whileClosing = [&](std::vector<std::string>&& longTexts, const std::vector<xlsx::FileBeingWritten>& files) {
        // The rows written so far were freed between libxlsxwriter's cells: holes too small for a case
        // study's text. Handing their pages back first keeps what follows under the peak already reached.
        platform::returnFreedMemory();
        {
            // One read of the store for the check and both scans, not one for each of their thousand queries
            // (each of which, in rollback-journal mode, locks and unlocks the file).
            const db::Store::ReadSnapshot snapshot(store);
            if (options.checkStore)
                store.checkIntegrity();
            if (scanWhileWriting)
                findings = options.preflightScan(model);
            if (options.postWriteScan)
                postWriteScan = options.postWriteScan(std::move(longTexts));
        }
        // Then the members libxlsxwriter has finished, while it writes the rest: what is left after the
        // close is the last few. With the largest tables written apart, the workbook is written by now and
        // read whole here, while the helper file goes on.
        if (!postWriteScan)
            return;
        std::size_t budget = kPrereadTextBudgetBytes;
        for (const auto& f : files) {
            WorkbookPrereading read = followWrittenWorkbook(
                f.path, *f.written, budget, [&](const WorkbookPrereading::Member& m) { postWriteScan.expect(m.texts); },
                f.members);
            for (auto& m : read.members) {
                for (const auto& t : m.texts)
                    budget -= std::min(budget, t.text.size());
                prereading.members.push_back(std::move(m));
            }
        }
    };
    try {
        LibraryErrorsHeldBack held;
        xlsx::writeWorkbook(model, temp.path(), wopts);
        held.written();
    } catch (const xlsx::ExportCancelled&) {
        report.status = ExportStatus::Cancelled;
        return report; // the TempFile removes the partial file
    } catch (const FileError& e) {
        const int err = e.errorNumber();
        if (platform::isDiskFull(err))
            throw FileError("cannot write " + platform::utf8(target) + ": the disk is full (" + std::strerror(err) +
                                "). Free some space and export again; nothing was written.",
                            err);
        std::string why = e.what();
        if (err == EFBIG || err == EIO)
            why += " (" + std::string(std::strerror(err)) + ")";
        throw FileError(why, err);
    }
    if (scanWhileWriting) {
        std::vector<std::string> notes; // none: no draft is admitted
        gate = gateVerdict(model, facts, options, findings, notes);
        if (!gate.refusals.empty())
            return refuse(gate);
    }
    syncFile(temp.path(), false);

    if (postWriteScan) {
        // libxlsxwriter's two gigabytes at a million figures were freed in small pieces that the scan's
        // threads would not reuse: handed back, they leave the scan under the peak.
        platform::returnFreedMemory(kWorthReturning);
        auto reasons = postWriteScan(temp.path(), &prereading);
        if (!reasons.empty()) {
            report.status = ExportStatus::Refused;
            report.reasons = std::move(reasons);
            return report;
        }
    }
    if (cancelled()) {
        report.status = ExportStatus::Cancelled;
        return report;
    }

    auto replaceTarget = [&] {
        step("rename");
        platform::replaceFile(temp.path(), target);
        temp.release();
    };
    if (gate.overrides.empty()) {
        replaceTarget(); // nothing to record: a read-only store exports too
    } else {
        // The override and the new file go together: the event is rolled back if the rename fails.
        db::Store::Transaction tx(store);
        recordOverrideEvent(store, model, platform::utf8(options.recordedFile.empty() ? target : options.recordedFile),
                            gate.overrides);
        replaceTarget();
        tx.commit();
    }
    syncFile(folderOf(target), true);
    report.status = ExportStatus::Written;
    report.bytes = std::filesystem::file_size(target, ec);
    if (options.progress)
        options.progress(1.0, "saved " + platform::utf8(target.filename()));
    return report;
}

} // namespace

ExportReport exportWorkbook(db::Store& store, const std::filesystem::path& target, const ExportOptions& options)
{
    try {
        return exportChecked(store, target, options);
    } catch (const std::exception&) {
        // What was read from a store nobody has checked may be garbage: a damaged file explains any
        // failure best.
        if (options.checkStore)
            store.checkIntegrity();
        throw;
    }
}

std::string overrideEventDetails(const std::string& file, const std::vector<std::string>& admitted,
                                 const std::vector<std::string>& notes)
{
    // Ordered, so that the keys stay in the order the log has always had; bytes that are not UTF-8 (a file
    // name on a POSIX file system may have them) become U+FFFD rather than an exception after the export.
    const nlohmann::ordered_json details = {
        {"file", file}, {"override", "allow-unreviewed"}, {"admitted", admitted}, {"notes", notes}};
    return details.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void recordOverrideEvent(db::Store& store, const xlsx::WorkbookModel& model, const std::string& file,
                         const std::vector<std::string>& notes)
{
    std::vector<std::string> admitted;
    for (const auto& e : model.caseStudies)
        if (!e.overrideNote.empty())
            admitted.push_back(e.caseStudy.reference);
    store.recordEvent("submissions", model.submission.uuid, "export", overrideEventDetails(file, admitted, notes));
}

void useStoreScanner(const db::Store& store, ExportOptions& options, bool rescanWrittenFile)
{
    const db::Store* s = &store;
    // The scan of the written file looks again for what the pre-flight scan of the store found: it takes
    // that scan's result (the store's texts are the most of both scans' work) instead of scanning again.
    using StoreScan = std::pair<RowId, std::vector<FieldFindings>>; // (submission, findings)
    auto lastStoreScan = rescanWrittenFile ? std::make_shared<std::optional<StoreScan>>() : nullptr;
    options.preflightScan = [s, lastStoreScan](const xlsx::WorkbookModel& model) {
        std::vector<GateFinding> out;
        // The model holds the selected case studies already: no store read per finding.
        std::map<RowId, std::string> references;
        for (const auto& e : model.caseStudies)
            references.emplace(e.caseStudy.id, e.caseStudy.reference);
        std::map<RowId, RowId> questions; // of each answer
        for (const auto& r : model.responses)
            questions.emplace(r.answer.id, r.question.id);
        auto questionOfAnswer = [&](RowId answerId) {
            const auto it = questions.find(answerId);
            return it == questions.end() ? RowId{0} : it->second;
        };
        std::vector<FieldFindings> fields = scanStore(*s, model.submission.id);
        if (lastStoreScan)
            *lastStoreScan = StoreScan{model.submission.id, fields};
        for (const auto& field : fields) {
            std::string reference;
            if (field.recordTable == "case_studies") {
                if (const auto it = references.find(field.recordId); it != references.end())
                    reference = it->second;
                else if (auto cs = s->caseStudy(field.recordId))
                    reference = cs->reference;
            }
            for (const auto& f : field.open) {
                GateFinding g;
                g.detail = std::make_pair(field, f);
                if (field.recordTable == "answers")
                    g.openId = questionOfAnswer(field.recordId);
                else if (field.recordTable == "observations")
                    if (const auto o = s->observation(field.recordId))
                        g.openId = o->measureId;
                g.blocking = f.severity == anon::Severity::Block;
                g.caseStudyReference = reference;
                // Masked: these lines go to stderr and the Export view, which end up in logs and
                // screenshots; `scan --show-text` and the case-study view show the text itself.
                g.description = std::string(anon::kindName(f.kind)) + " at characters " +
                                std::to_string(f.charBegin + 1) + "-" + std::to_string(f.charEnd) + " ('" +
                                maskText(f.matched) + "') in the " + field.fieldLabel +
                                (reference.empty() ? " of " + field.recordLabel : "");
                out.push_back(std::move(g));
            }
        }
        return out;
    };
    if (!rescanWrittenFile)
        return;
    const RowId submissionId = findSubmission(store, options.submissionId).id;
    const bool acceptDraftWarnings = options.allowUnreviewed;
    options.postWriteScan = [s, submissionId, acceptDraftWarnings,
                             lastStoreScan](std::vector<std::string>&& expectedTexts) {
        std::optional<std::vector<FieldFindings>> scanned;
        if (*lastStoreScan && (*lastStoreScan)->first == submissionId)
            scanned = std::move((*lastStoreScan)->second);
        lastStoreScan->reset(); // one export's scan, never a later export's
        return prepareWorkbookRescan(*s, submissionId, acceptDraftWarnings, std::move(scanned),
                                     std::move(expectedTexts));
    };
}

std::string defaultExportFileName(const db::Store& store, RowId submissionId)
{
    xlsx::WorkbookModel m;
    m.submission = findSubmission(store, submissionId);
    if (auto c = store.consultation(m.submission.consultationId))
        m.consultation = *c;
    return xlsx::defaultFileName(m);
}

} // namespace evidence::app
