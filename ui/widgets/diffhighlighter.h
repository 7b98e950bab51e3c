// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QPlainTextEdit;

namespace Tandem::Ui {

/// Colours a unified diff in a text view: removed lines red, added lines green, hunk headers
/// dimmed. The colours are picked for the view's palette (lightened on a dark one, so that they
/// read on the tinted lines) and picked again when a theme switch changes it.
///
/// Thread: UI thread, with the view it highlights (its parent is the view's document).
class DiffHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffHighlighter)

public:
    explicit DiffHighlighter(QPlainTextEdit *view);
    ~DiffHighlighter() override;

    /// The formats of removed lines, added lines and hunk headers for now's palette.
    QTextCharFormat removedFormat() const { return m_removed; }
    QTextCharFormat addedFormat() const { return m_added; }
    QTextCharFormat hunkFormat() const { return m_hunk; }

protected:
    void highlightBlock(const QString &text) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void pickColours();

    QPlainTextEdit *m_view;
    QTextCharFormat m_removed;
    QTextCharFormat m_added;
    QTextCharFormat m_hunk;
};

} // namespace Tandem::Ui
