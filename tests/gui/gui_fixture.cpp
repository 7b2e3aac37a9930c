#include "gui_fixture.h"

#include "app/anonymisation.h"
#include "app/lookup.h"
#include "app/sample.h"
#include "db/store.h"
#include "gui/wx_text.h"

#include <chrono>
#include <stdexcept>
#include <thread>
#include <wx/app.h>
#include <wx/utils.h>

namespace evidence::test {

bool waitFor(const std::function<bool()>& done, int timeoutMs)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        wxYield();
        if (done())
            return true;
        if (std::chrono::steady_clock::now() > until)
            return done();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void pump(int ms)
{
    waitFor([] { return false; }, ms);
}

SampleWindow::SampleWindow() : path(dir.file("sample.evidence"))
{
    app::createSampleStore(path);
    frame = new gui::MainFrame();
    frame->SetSize(0, 0, 1024, 768);
    frame->Show();
    if (!frame->openStore(gui::toWx(path.string())))
        throw std::runtime_error("the sample store did not open");
    waitFor([this] { return frame->IsShownOnScreen(); });
    pump(100);
}

SampleWindow::~SampleWindow()
{
    frame->closeStore(false);
    frame->Destroy();
    pump(50);
}

void SampleWindow::show(gui::ViewId id)
{
    frame->showView(id);
    waitFor([this, id] { return frame->view(id)->IsShownOnScreen(); });
    pump(50);
}

void SampleWindow::acknowledgeOpenFindings() const
{
    db::Store store = db::Store::open(path);
    for (const auto& field : app::scanStore(store, store.submissions().front().id))
        for (const auto& f : field.open)
            app::acknowledgeFinding(store, field, f, "Towns named in a published press release", "Policy officer");
}

std::optional<Observation> storedFigure(const std::filesystem::path& path, const std::string& area,
                                        const std::string& period)
{
    const db::Store store = db::Store::open(path, db::OpenMode::ReadOnly);
    db::ObservationFilter f;
    f.measureId = store.measures().front().id;
    f.areaId = app::findArea(store, area).id;
    f.period = Period::parse(period);
    f.dimension = "";
    auto found = store.observations(f);
    if (found.empty())
        return std::nullopt;
    return found.front();
}

} // namespace evidence::test
