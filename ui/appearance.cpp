// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/appearance.h"

#include <algorithm>
#include <cmath>

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

namespace Tandem::Ui::Appearance {

namespace {

// The style the desktop chose, remembered before the first switch so that System can go back
// to it.
QString &platformStyleName()
{
    static QString name;
    return name;
}

double luminance(const QColor &c)
{
    const auto channel
        = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

QPalette darkPalette()
{
    // Fusion's dark scheme as commonly used (and as KDE's Breeze Dark reads): grey surfaces,
    // near-white text, a blue that reads on both.
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x80, 0x80);
    const QColor highlight(0x3d, 0x7a, 0xd6);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x43));
    p.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x8c, 0xff));
    for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return p;
}

void apply(Theme theme)
{
    QString &platform = platformStyleName();
    if (platform.isEmpty()) {
        if (theme == Theme::System)
            return; // nothing switched yet: the desktop's own look stays as it is
        platform = QApplication::style()->name();
    }
    const QString styleName = theme == Theme::System ? platform : QStringLiteral("Fusion");
    if (QApplication::style()->name().compare(styleName, Qt::CaseInsensitive) != 0) {
        if (QStyle *style = QStyleFactory::create(styleName))
            QApplication::setStyle(style); // resets the palette: set it after
    }
    switch (theme) {
    case Theme::System:
        // A palette with no role set resolves to the platform theme's (or the style's).
        QApplication::setPalette(QPalette());
        break;
    case Theme::Light:
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5
        && palette.color(QPalette::Text).lightnessF() > 0.5;
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readable(const QColor &colour, const QPalette &palette, double minimumContrast)
{
    if (!colour.isValid() || !isDark(palette))
        return colour;
    const QColor base = palette.color(QPalette::Base);
    QColor c = colour;
    // Towards white in small steps keeps the hue recognisable (red stays red, only lighter).
    for (int step = 1; step <= 20 && contrast(c, base) < minimumContrast; ++step) {
        const double t = step / 20.0;
        const auto mix = [t](int v) { return int(std::lround(v + (255 - v) * t)); };
        c = QColor(mix(colour.red()), mix(colour.green()), mix(colour.blue()), colour.alpha());
    }
    return c;
}

void setTextColour(QWidget *widget, const QColor &colour)
{
    // A label sits on the window or on a view's base: readable on both.
    const QPalette app = QApplication::palette();
    QPalette onWindow = app;
    onWindow.setColor(QPalette::Base, app.color(QPalette::Window));
    const QColor text = readable(readable(colour, app), onWindow);
    QPalette p = widget->palette();
    p.setColor(QPalette::WindowText, text);
    widget->setPalette(p);
}

} // namespace Tandem::Ui::Appearance
