// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/diffhighlighter.h"

#include <QColor>
#include <QEvent>
#include <QPlainTextEdit>

#include "ui/appearance.h"

namespace Tandem::Ui {

namespace {

// A line's format: a translucent `tint` over the view's base, and text in `text` made
// readable on that tinted base (not only on the plain one).
QTextCharFormat lineFormat(const QPalette &palette, const QColor &tint, const QColor &text)
{
    QTextCharFormat f;
    QPalette tinted = palette;
    if (tint.isValid()) {
        f.setBackground(tint);
        const QColor base = palette.color(QPalette::Base);
        const double a = tint.alphaF();
        const auto over = [a](double t, double b) { return t * a + b * (1 - a); };
        tinted.setColor(QPalette::Base,
            QColor::fromRgbF(float(over(tint.redF(), base.redF())),
                float(over(tint.greenF(), base.greenF())),
                float(over(tint.blueF(), base.blueF()))));
    }
    f.setForeground(Appearance::readable(text, tinted));
    return f;
}

} // namespace

DiffHighlighter::DiffHighlighter(QPlainTextEdit *view)
    : QSyntaxHighlighter(view->document())
    , m_view(view)
{
    pickColours();
    // The view, not the application: it is the view's palette the text is drawn on.
    m_view->installEventFilter(this);
}

DiffHighlighter::~DiffHighlighter() = default;

void DiffHighlighter::pickColours()
{
    const QPalette palette = m_view->palette();
    // Translucent backgrounds tint whatever the palette's base is; the text colours were chosen
    // for white.
    m_removed = lineFormat(palette, QColor(220, 40, 40, 48), QColor(170, 30, 30));
    m_added = lineFormat(palette, QColor(40, 170, 60, 48), QColor(20, 120, 40));
    m_hunk = lineFormat(palette, QColor(), QColor(110, 110, 160));
}

bool DiffHighlighter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::PaletteChange) {
        pickColours();
        rehighlight();
    }
    return QSyntaxHighlighter::eventFilter(watched, event);
}

void DiffHighlighter::highlightBlock(const QString &text)
{
    if (text.isEmpty())
        return;
    switch (text.front().unicode()) {
    case u'-':
        setFormat(0, int(text.size()), m_removed);
        break;
    case u'+':
        setFormat(0, int(text.size()), m_added);
        break;
    case u'@':
        setFormat(0, int(text.size()), m_hunk);
        break;
    default:
        break;
    }
}

} // namespace Tandem::Ui
