// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>

namespace Tandem::Ui {

/// Colours a unified diff in a text view: removed lines red, added lines green, hunk headers
/// dimmed, in shades that read on light and dark palettes.
///
/// Thread: UI thread, with the document it highlights.
class DiffHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffHighlighter)

public:
    explicit DiffHighlighter(QTextDocument *document);
    ~DiffHighlighter() override;

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace Tandem::Ui
