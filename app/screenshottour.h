// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace Tandem::Ui {
class MainWindow;
} // namespace Tandem::Ui

namespace Tandem::Cli {

/// Saves the README's screenshots from the running console, as a user would see it: with
/// TANDEM_SCREENSHOT_DIR set, it waits TANDEM_SCREENSHOT_DELAY_MS (default 45 s, long enough
/// for the demo to trip a breaker and fill the dead-letter queue), then saves
/// mainwindow.png (the Targets tab), charts.png (the charts panel), deadletters.png (the
/// dead-letter browser with the first row's details) and message.png (that message found
/// with every target's delivery side by side), and closes the window, which drains the engine
/// and exits. tools/screenshots.sh runs it under Xvfb on the demo.
///
/// Thread: UI thread.
class ScreenshotTour final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScreenshotTour)

public:
    /// Does nothing unless TANDEM_SCREENSHOT_DIR is set.
    static void startIfAsked(Ui::MainWindow &window);

private:
    ScreenshotTour(Ui::MainWindow &window, QString dir);
    void step();
    void save(QWidget &widget, const QString &name);

    Ui::MainWindow &m_window;
    QString m_dir;
    int m_step = 0;
};

} // namespace Tandem::Cli
