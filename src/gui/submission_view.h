#pragma once
/// @file submission_view.h
/// @brief The Submission view: the response's title, organisation, consultation, contact and as-at date.

#include "gui/field_saver.h"
#include "gui/view.h"

#include <functional>
#include <vector>

class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace evidence::gui {

/// The Submission view: the submission's details (title, organisation, contact, summary, caveats) and its
/// consultation profile, saved as they are typed.
class SubmissionView : public View
{
public:
    /// Loads the view's form under @p parent. @throws std::logic_error when the form is missing.
    explicit SubmissionView(wxWindow* parent);

    void attach(Workspace* workspace) override;
    void showing() override;
    void flush() override { m_saver.flush(); }
    wxString unsavedProblem() const override;
    bool goTo(const GoToTarget& target) override;

    /// Loads a profile (a file, or a shipped profile's name) into the store and this submission.
    void loadProfileFile(const std::string& fileOrName);
    /// Replaces the file dialog of "Load profile..." (tests): returns the chosen file, or "" for Cancel.
    void setProfileChooser(std::function<wxString()> choose) { m_chooseProfile = std::move(choose); }

private:
    void loadProfile();
    void load();
    void save();
    /// The record as typed (fields the store would refuse keep their saved values).
    Submission fromForm() const;
    void showProblems(const Submission& typed);
    /// After a save: fields not changed since m_record show @p saved's values (what the store holds now).
    void showUntouched(const Submission& typed, const Submission& saved);

    wxTextCtrl* m_title;
    wxTextCtrl* m_organisation;
    wxChoice* m_consultation;
    wxTextCtrl* m_role;
    wxTextCtrl* m_email;
    wxTextCtrl* m_asAt;
    wxTextCtrl* m_coverage;
    wxTextCtrl* m_summary;
    wxTextCtrl* m_caveats;
    wxStaticText* m_problems;
    std::vector<Consultation> m_consultations;
    Submission m_record; ///< as last saved
    FieldSaver m_saver;
    std::function<wxString()> m_chooseProfile; ///< the file dialog, unless a test replaced it
};

} // namespace evidence::gui
