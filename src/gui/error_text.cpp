#include "gui/error_text.h"

#include "core/errors.h"
#include "gui/wx_text.h"

#include <wx/msgdlg.h>

namespace evidence::gui {

wxString describeError(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const DataError& e) {
        wxString out;
        for (const auto& problem : e.problems()) {
            if (!out.empty())
                out += '\n';
            out += sentence(problem);
        }
        return out;
    } catch (const std::exception& e) {
        return sentence(e.what());
    } catch (...) {
        return "Something unexpected went wrong. Please report this to whoever supports Evidence Desk.";
    }
}

void showError(wxWindow* parent, const wxString& what, std::exception_ptr error)
{
    wxMessageDialog dlg(parent, what, "Evidence Desk", wxOK | wxICON_ERROR);
    dlg.SetExtendedMessage(describeError(error));
    dlg.ShowModal();
}

} // namespace evidence::gui
