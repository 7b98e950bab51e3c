// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/console.h"

#include <QApplication>
#include <QMessageBox>
#include <QTimer>

#include "app/cli/clicontext.h"
#include "app/enginehost.h"
#include "app/unixsignalwatcher.h"
#include "engine/dispatch/engine.h"
#include "ui/mainwindow.h"

namespace Tandem::Cli {

namespace {

constexpr int DrainTimeoutMs = 10'000;

int failInDialog(const QString &message)
{
    QTextStream(stderr) << "tandem: " << message << Qt::endl;
    QMessageBox box(
        QMessageBox::Critical, QObject::tr("Tandem cannot start"), message, QMessageBox::Close);
    box.exec();
    return ExitRuntimeError;
}

// TANDEM_SCREENSHOT=/path.png saves the window after TANDEM_SCREENSHOT_DELAY_MS (default 15 s),
// for the README's screenshots and for looking at the console without a screen.
void scheduleScreenshot(QWidget &window)
{
    const QString path = qEnvironmentVariable("TANDEM_SCREENSHOT");
    if (path.isEmpty())
        return;
    bool ok = false;
    int delay = qEnvironmentVariableIntValue("TANDEM_SCREENSHOT_DELAY_MS", &ok);
    if (!ok)
        delay = 15'000;
    QTimer::singleShot(delay, &window, [&window, path] {
        if (!window.grab().save(path))
            qWarning("cannot save the screenshot to %s", qPrintable(path));
    });
}

} // namespace

int runConsole(const QString &dataDir, bool dataDirGiven, bool demo)
{
    QApplication::setApplicationDisplayName(QObject::tr("Tandem"));
    QApplication::setQuitOnLastWindowClosed(false); // the engine drains before the exit

    EngineHostOptions options;
    options.dataDir = dataDir;
    options.demo = demo;
    if (demo && !dataDirGiven) {
        auto temp = EngineHost::createDemoDataDir();
        if (!temp)
            return failInDialog(temp.error().message);
        options.dataDir = *temp;
    }
    const QString listen = EngineHost::defaultListen();
    const auto listenAt = EngineHost::parseListen(listen);
    if (!listenAt)
        return failInDialog(
            QObject::tr("TANDEM_LISTEN: \"%1\" is not ADDRESS:PORT (e.g. 127.0.0.1:8470)")
                .arg(listen));
    options.listenAddress = listenAt->first;
    options.listenPort = listenAt->second;

    EngineHost host(options);
    if (auto r = host.start(); !r) {
        if (r.error().code == Error::Code::StoreLocked)
            return failInDialog(
                QObject::tr("%1.\n\nOnly one engine may run on a data directory. Stop `tandem "
                            "serve` (or the other console) first, or open another data "
                            "directory with `tandem --data DIR`.")
                    .arg(r.error().message));
        return failInDialog(r.error().message);
    }

    Ui::MainWindow window(host.engine(), &host.keychain());
    window.setEngineLocation(options.dataDir, host.apiUrl());
    if (demo)
        window.setWindowTitle(QObject::tr("Tandem — demo"));
    QObject::connect(
        &window, &Ui::MainWindow::quitRequested, &host, [&host] { host.stop(DrainTimeoutMs); });
    QObject::connect(&host.engine(), &Engine::stopped, &window, [] { QApplication::exit(ExitOk); });
    UnixSignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &window,
        [&window] { window.close(); });
    window.show();
    scheduleScreenshot(window);
    return QApplication::exec();
}

} // namespace Tandem::Cli
