// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>

class QWidget;

namespace Tandem::Ui {

/// The console's colour theme (Settings › Appearance).
enum class Theme { System, Light, Dark };

/// Applies a Theme to the running application and keeps the console's own colours readable
/// in it.
///
/// Light and Dark use the Fusion style with a palette of their own, whatever the desktop says;
/// System gives the desktop back its style and palette (the platform theme's, else the style's
/// standard one). Widgets follow a change live: Qt sends them PaletteChange, and the console's
/// widgets that paint with their own colours (cards, charts, the capacity banner) redo them
/// there through readable().
///
/// Thread: UI thread (the application's palette and style are global).
namespace Appearance {

/// Switches the application's style and palette; a no-op for System until another theme was
/// applied, so that the desktop's integration stays untouched.
void apply(Theme theme);
/// The palette apply(Dark) sets, for tests and previews.
QPalette darkPalette();
/// Whether text on this palette's base is light on dark.
bool isDark(const QPalette &palette);
/// `colour`, lightened until it reads on `palette`'s base with at least `minimumContrast` (WCAG
/// contrast ratio; 4.5 for text, 3 for lines and marks) when the palette is dark. The console's
/// status colours were chosen for white: on a light palette they come back unchanged.
QColor readable(const QColor &colour, const QPalette &palette, double minimumContrast = 4.5);
/// The WCAG contrast ratio of two colours (1 to 21).
double contrast(const QColor &a, const QColor &b);
/// Sets `widget`'s WindowText (a label's text) to readable(`colour`) on the application's palette,
/// on its Window as on its Base, leaving the widget's other roles to follow the theme. Judged by
/// the application's palette because in a theme switch a child may learn of it after the parent
/// that calls this from its PaletteChange; call it again there, as the colour does not follow by
/// itself.
void setTextColour(QWidget *widget, const QColor &colour);

} // namespace Appearance

} // namespace Tandem::Ui
