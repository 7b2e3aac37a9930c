#include "app/sample.h"

#include "app/anonymisation.h"
#include "app/importer.h"
#include "core/embedded.h"
#include "core/errors.h"

#include <algorithm>
#include <span>

namespace evidence::app::sample {
std::span<const evidence::EmbeddedFile> embeddedFiles();
}

namespace evidence::app {
namespace {

std::string embedded(std::string_view name)
{
    for (const auto& f : sample::embeddedFiles())
        if (f.name == name)
            return std::string(f.data);
    throw Error("internal error: sample file " + std::string(name) + " is not embedded");
}

constexpr const char* kMeasure = "Sexual offences against under-18s recorded with an online flag";
constexpr const char* kSource = "NSPCC FOI requests to police forces (2019)";

} // namespace

void addSampleSubmission(db::Store& store)
{
    db::Store::Transaction tx(store);

    Source source;
    source.title = kSource;
    source.publisher = "NSPCC";
    source.method = "Freedom of Information requests to the 44 police forces of England, Wales and Northern Ireland "
                    "for sexual offences against under-18s recorded with the online (cyber) flag, by financial year";
    source.datePublished = "2019-06";
    source.dateRetrieved = "2019-06-25";
    source.url = "https://www.nspcc.org.uk/about-us/news-opinion/2019/cyber-related-sex-crimes-children/";
    source.licence = "Figures published by NSPCC; quoted with attribution";
    source.qualityNotes =
        "40 of 44 forces responded, so national totals are partial and coverage varies by year; changes are compared "
        "like for like over forces that gave figures for both years. The online flag became mandatory in April 2015 "
        "and was under-used in the early years, so part of the rise reflects better recording. Regional and force "
        "figures were reported in regional press releases (Bournemouth Echo, Sunrise Radio, Seahaven FM, ITV "
        "Meridian, Bude and Beyond, Slough Observer), each listed as a source. The 185 counts offences against "
        "children aged ten and under, not children; one regional version gives 164. Figures change between rounds "
        "of requests: these are from the June 2019 round.";
    store.insert(source);
    // The force and regional figures were published in regional versions of the release: each is a source
    // of its own, with the date it was published (the figures are as at the June 2019 round of requests).
    struct Regional
    {
        const char *title, *publisher, *date, *url;
    };
    const Regional regional[] = {
        {"Bournemouth Echo, June 2019", "Bournemouth Echo", "2019-06-25",
         "https://www.bournemouthecho.co.uk/news/"
         "17728357.nspcc-reveals-huge-increase-sex-offenders-targeting-children-online/"},
        {"Seahaven FM, June 2019", "Seahaven FM", "2019-06-25",
         "http://news.seahavenfm.com/2019/06/25/"
         "cyber-related-sex-crimes-against-children-up-to-almost-one-every-hour/"},
        {"ITV Meridian, June 2019", "ITV Meridian", "2019-06-25",
         "https://itv.com/news/meridian/2019-06-25/rise-in-cyber-sex-crimes-against-children-in-dorset-and-wiltshire"},
        {"Slough Observer, June 2019", "Slough Observer", "2019-06", "https://www.sloughobserver.co.uk/news/17726657/"},
        {"Bude and Beyond, June 2019", "Bude and Beyond", "2019-06",
         "http://budeandbeyond.co.uk/children-drowning-in-online-offences-says-sw-nspcc/"},
        {"Sunrise Radio, June 2019", "Sunrise Radio", "2019-06",
         "https://www.sunriseradio.fm/news/local-news/"
         "cyber-related-sex-crimes-against-children-up-by-104-in-yorkshire-and-humber"},
    };
    std::vector<std::string> sourceUuids{source.uuid};
    for (const auto& r : regional) {
        Source s;
        s.title = r.title;
        s.publisher = r.publisher;
        s.method = "Regional report of the NSPCC's Freedom of Information requests to police forces (June 2019 "
                   "round)";
        s.datePublished = r.date;
        s.url = r.url;
        s.licence =
            "Figures published by NSPCC and reported by " + std::string(r.publisher) + "; quoted with attribution";
        store.insert(s);
        sourceUuids.push_back(s.uuid);
    }
    // The sources name the newspapers that carried the figures; their towns are not where a child lives.
    for (const auto& field : scanStore(store))
        for (const auto& f : field.open)
            if (std::find(sourceUuids.begin(), sourceUuids.end(), field.recordUuid) != sourceUuids.end() &&
                f.kind == anon::FindingKind::Place)
                acknowledgeFinding(store, field, f, "Part of a newspaper's name, not a child's location",
                                   "Policy officer");

    Measure measure;
    measure.name = kMeasure;
    measure.definition = "Sexual offences against children under 18 recorded by the police with the Home Office "
                         "online crime (\"cyber\") flag, set when a crime was committed wholly or partly through a "
                         "computer, computer network or other computer-enabled device";
    measure.unit = Unit::Count;
    measure.population = "children under 18 in the police force area";
    store.insert(measure);

    ImportOptions options;
    importCsvText(store, embedded("observations.csv"), "observations.csv", options);
    importCsvText(store, embedded("case_studies.csv"), "case_studies.csv", options);

    const auto consultations = store.consultations();
    if (consultations.empty())
        throw Error("internal error: the store has no consultation to answer");
    Submission sub;
    sub.consultationId = consultations.front().id;
    sub.title = "Response to the Online Harms White Paper consultation";
    sub.organisation = "Example Children's Charity (sample)";
    sub.contactRole = "Policy officer";
    sub.contactEmail = "policy@example.org.uk";
    sub.asAt = "2019-06-28T09:00:00Z";
    sub.summary = "NSPCC's figures show police-recorded sexual offences against children with an online flag rising "
                  "from 4,042 in 2015/16 to 8,224 in 2018/19 in the 40 of 44 forces that responded, roughly double; "
                  "the release does not say the same forces are counted in both years. Children's accounts show "
                  "grooming moving from open platforms to private messaging, and reporting tools that children do "
                  "not understand. We support a statutory duty of care that covers private channels.";
    sub.caveats = "Figures come from Freedom of Information requests: 40 of 44 forces responded, so totals are "
                  "partial. The online flag was under-used when it became mandatory in 2015, so some of the rise "
                  "reflects better recording. Case studies are anonymised composites or published accounts; names "
                  "marked * have been changed.";
    store.insert(sub);
    store.setMeasureSelected(sub.id, store.measureByName(kMeasure)->id, true);
    // CS-001 retells a published account and cites its publisher, whose name is a town's.
    const std::string published = store.caseStudyByReference("CS-001")->uuid;
    for (const auto& field : scanStore(store))
        for (const auto& f : field.open)
            if (field.recordUuid == published && field.fieldLabel.starts_with("citation") &&
                f.kind == anon::FindingKind::Place)
                acknowledgeFinding(store, field, f, "Part of the name of the newspaper that published the account",
                                   "Policy officer");
    // Reviewed the day before the response's as-at date, after the figures were published (25 June 2019) and
    // before the consultation closed (1 July 2019).
    for (const char* ref : {"CS-001", "CS-002", "CS-003"}) {
        const auto cs = store.caseStudyByReference(ref);
        store.setCaseStudySelected(sub.id, cs->id, true);
        markReviewed(store, cs->id, "Policy officer", "2019-06-27");
    }

    auto answer = [&](const char* number, const char* choice, const char* textValue, bool citeMeasure,
                      std::vector<const char*> cases) {
        Answer a;
        a.submissionId = sub.id;
        a.questionId = store.questionByNumber(sub.consultationId, number)->id;
        a.choice = choice;
        a.text = textValue;
        if (citeMeasure)
            a.citedMeasures.push_back(store.measureByName(kMeasure)->id);
        for (const char* ref : cases)
            a.citedCaseStudies.push_back(store.caseStudyByReference(ref)->id);
        store.save(a);
    };
    answer("3", "",
           "Children need reporting routes they understand and that name what is happening to them. In our case "
           "studies a 14-year-old could not find a reporting option that described grooming, and an account was "
           "deleted before the police asked for it. Platforms should keep evidence when a child reports.",
           false, {"CS-002", "CS-003"});
    answer("7", "",
           "Private messaging and livestreaming services where adults can contact children. Offenders move children "
           "from public spaces to private channels, as in our case studies.",
           true, {"CS-002"});
    answer("17", "yes",
           "Yes. NSPCC's figures show recorded online sexual offences against children rising from 4,042 to 8,224 in "
           "three years in the 40 of 44 forces that responded, roughly double. Children told us they did not know what "
           "to do when an adult sent sexual messages.",
           true, {"CS-001"});
    tx.commit();
}

db::Store createSampleStore(const std::filesystem::path& path, db::StoreOptions options)
{
    auto store = db::Store::create(path, std::move(options));
    addSampleSubmission(store);
    return store;
}

} // namespace evidence::app
