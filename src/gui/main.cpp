// evidence-desk: the desktop application. Everything is in evidence_gui; this file only starts it.
#include "gui/app.h"

wxIMPLEMENT_APP(evidence::gui::EvidenceApp);
