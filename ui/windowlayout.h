// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QMainWindow;
class QSettings;

namespace Tandem::Ui {

/// Remembers how the operator arranged a main window between runs, in QSettings under
/// "layout/": the window's geometry and dock/toolbar state, the current tab of every QTabWidget
/// and the sizes of every QSplitter inside it. Widgets are keyed by their objectName, so a tab
/// widget or splitter without one is not remembered, and one renamed starts afresh.
///
/// A state saved by another version that no longer fits (a splitter with a different number of
/// panes, a tab index out of range) is ignored rather than half applied.
///
/// Thread: UI thread.
namespace WindowLayout {

void save(const QMainWindow &window, QSettings &settings);
/// Call once the window's children exist, before it is shown.
void restore(QMainWindow &window, QSettings &settings);

} // namespace WindowLayout

} // namespace Tandem::Ui
