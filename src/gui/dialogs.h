#pragma once
/// @file dialogs.h
/// @brief Small modal dialogs loaded from forms/dialogs.xrc. Each keeps the dialog open, with the reason
/// shown, while the store refuses what was typed; Enter confirms and Escape cancels.

#include "core/domain.h"

#include <functional>
#include <string>
#include <vector>
#include <wx/string.h>

class wxWindow;

namespace evidence::db {
class Store;
}

namespace evidence::gui {

/// Edits @p measure (id 0: a new one) and saves it. @return true when saved (@p measure then holds its id).
bool editMeasure(wxWindow* parent, db::Store& store, Measure& measure);

/// Asks for a breakdown (dimension and category). @p dimensions are offered in the dimension list.
bool askBreakdown(wxWindow* parent, const std::vector<std::string>& dimensions, std::string& dimension,
                  std::string& category);

/// Asks why a finding is not identifying and who (a role) says so, then runs @p record with them; while
/// @p record throws, the dialog stays open showing why.
/// @param description the finding as a sentence ("WARN personal name “Jade” in the narrative: ...")
/// @param role in: the remembered role; out: the role given
bool askAcknowledgement(wxWindow* parent, const wxString& description, wxString& role,
                        const std::function<void(const std::string& reason, const std::string& role)>& record);

/// Asks for the reviewer's role, then runs @p mark with it (the dialog stays open while it throws).
bool askReview(wxWindow* parent, wxString& role, const wxString& today,
               const std::function<void(const std::string& role, const std::string& on)>& mark);

/// Asks when a figure is from (its as-at date and round), then runs @p save with them (the dialog stays open
/// while it throws). @param description the figure as a sentence, with its source
bool askFigureProvenance(wxWindow* parent, const wxString& description, const std::string& asAt,
                         const std::string& round,
                         const std::function<void(const std::string& asAt, const std::string& round)>& save);

/// Shows a help page (HTML, e.g. app::markdownHtml of the methodology) in a window sized for reading.
void showHelpPage(wxWindow* parent, const wxString& title, const wxString& html);

/// Puts @p text on the clipboard (and the primary selection on X11).
void copyToClipboard(const wxString& text);

} // namespace evidence::gui
