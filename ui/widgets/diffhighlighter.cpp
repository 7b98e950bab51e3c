// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/diffhighlighter.h"

#include <QColor>
#include <QTextCharFormat>

namespace Tandem::Ui {

DiffHighlighter::DiffHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
}

DiffHighlighter::~DiffHighlighter() = default;

void DiffHighlighter::highlightBlock(const QString &text)
{
    if (text.isEmpty())
        return;
    QTextCharFormat f;
    switch (text.front().unicode()) {
    case u'-':
        // Translucent backgrounds tint whatever the palette's base is.
        f.setBackground(QColor(220, 40, 40, 48));
        f.setForeground(QColor(170, 30, 30));
        break;
    case u'+':
        f.setBackground(QColor(40, 170, 60, 48));
        f.setForeground(QColor(20, 120, 40));
        break;
    case u'@':
        f.setForeground(QColor(110, 110, 160));
        break;
    default:
        return;
    }
    setFormat(0, int(text.size()), f);
}

} // namespace Tandem::Ui
