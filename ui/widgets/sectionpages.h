// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QDialog;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace Tandem::Ui {

/// The body of a dialog in the console's one shape (TargetDialog, SettingsDialog): a list of
/// sections on the left, one page per section on the right with a bold heading, a grey intro
/// and the content, scrolling when it is taller than the dialog. A section whose page has a
/// problem shows a warning icon and a tool tip in the list.
///
/// The list is named "sections", the stack "pages" and each page's content "page<N>", for
/// tests.
///
/// Thread: UI thread.
class SectionPages final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SectionPages)

public:
    explicit SectionPages(QWidget *parent = nullptr);
    ~SectionPages() override;

    /// Appends a page; `fill` gives the content all the height left (a table, a chart),
    /// otherwise it keeps its natural height. Returns the page's index.
    int addPage(const QString &title, const QString &intro, QWidget *content, bool fill = false);
    int count() const;
    QString title(int page) const;
    /// The scroll area shown for `page` (its content is inside).
    QWidget *page(int page) const;
    int currentPage() const;
    void showPage(int page);
    /// Marks the section in the list; `toolTip` says why.
    void setPageHasProblems(int page, bool problems, const QString &toolTip = {});
    bool pageHasProblems(int page) const;

    QListWidget *sectionList() const { return m_sections; }

Q_SIGNALS:
    void currentPageChanged(int page);

private:
    QListWidget *m_sections = nullptr;
    QStackedWidget *m_pages = nullptr;
};

/// The status line left of a dialog's buttons (what is wrong, what will change), named
/// "status".
QLabel *dialogStatusLine(QWidget *parent);
/// Lays `dialog` out in the house shape: `pages` above, `status` and `buttons` beneath.
void layOutDialog(QDialog *dialog, SectionPages *pages, QLabel *status, QDialogButtonBox *buttons);

/// Grey explanatory text: a page's intro, the help under a field.
QLabel *helpLabel(const QString &text);
/// The red line under a field that says what is wrong with it; hidden until it has a text.
QLabel *errorLine(const QString &objectName);
/// The colour error lines and error statuses are written in.
QColor errorTextColour();
/// The background of a field whose value is refused.
QColor invalidFieldTint();

} // namespace Tandem::Ui
