// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/screenshottour.h"

#include <QDir>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include "ui/charts/targetchartspanel.h"
#include "ui/mainwindow.h"
#include "ui/models/deadlettermodel.h"
#include "ui/widgets/deadletterbrowser.h"

namespace Tandem::Cli {

namespace {

constexpr int DefaultDelayMs = 45'000;
// Time for a page, a detail pane or a lookup to arrive from the store and be painted.
constexpr int SettleMs = 1'500;

} // namespace

void ScreenshotTour::startIfAsked(Ui::MainWindow &window)
{
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    if (!QDir().mkpath(dir)) {
        qWarning("cannot create the screenshot directory %s", qPrintable(dir));
        return;
    }
    bool ok = false;
    int delay = qEnvironmentVariableIntValue("TANDEM_SCREENSHOT_DELAY_MS", &ok);
    if (!ok)
        delay = DefaultDelayMs;
    // A fixed size, so that the README's pictures do not depend on the screen or last session.
    window.resize(1440, 900);
    if (auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs")))
        tabs->setCurrentIndex(0); // the Targets tab, whatever the last session left open
    auto *tour = new ScreenshotTour(window, dir);
    QTimer::singleShot(delay, tour, &ScreenshotTour::step);
}

ScreenshotTour::ScreenshotTour(Ui::MainWindow &window, QString dir)
    : QObject(&window)
    , m_window(window)
    , m_dir(std::move(dir))
{
}

void ScreenshotTour::step()
{
    auto *tabs = m_window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    Ui::DeadLetterBrowser *browser = m_window.deadLetterBrowser();
    switch (m_step++) {
    case 0:
        save(m_window, QStringLiteral("mainwindow.png"));
        save(*m_window.targetCharts(), QStringLiteral("charts.png"));
        tabs->setCurrentWidget(browser);
        browser->view()->selectRow(0);
        break;
    case 1:
        save(m_window, QStringLiteral("deadletters.png"));
        if (browser->model()->rowCount() > 0)
            m_window.findMessage(browser->model()->deadLetter(0).messageId);
        break;
    case 2:
        save(m_window, QStringLiteral("message.png"));
        m_window.quit(); // not close(): with a tray, closing only hides the window
        return;
    }
    QTimer::singleShot(SettleMs, this, &ScreenshotTour::step);
}

void ScreenshotTour::save(QWidget &widget, const QString &name)
{
    const QString path = QDir(m_dir).filePath(name);
    if (!widget.grab().save(path))
        qWarning("cannot save the screenshot %s", qPrintable(path));
    else
        qInfo("saved %s", qPrintable(path));
}

} // namespace Tandem::Cli
