// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/console.h"

#include <QApplication>
#include <QDirIterator>
#include <QIcon>
#include <QMessageBox>

#include "app/cli/clicontext.h"
#include "app/enginehost.h"
#include "app/screenshottour.h"
#include "app/unixsignalwatcher.h"
#include "engine/dispatch/engine.h"
#include "ui/mainwindow.h"
#include "ui/uisettings.h"

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

// The application icon in every size the package installs: resources/CMakeLists.txt embeds the
// PNGs of packaging/linux/icons, so the window has its icon without an installed theme.
QIcon applicationIcon()
{
    QIcon icon;
    QDirIterator it(QStringLiteral(":/icons/hicolor"), { QStringLiteral("*.png") }, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext())
        icon.addFile(it.next());
    return icon;
}

} // namespace

int runConsole(const QString &dataDir, bool dataDirGiven, bool demo)
{
    QApplication::setApplicationDisplayName(QObject::tr("Tandem"));
    QApplication::setWindowIcon(applicationIcon());
    // The id of the installed .desktop file (packaging/): Wayland compositors match the window
    // to it for the dock icon and name.
    QGuiApplication::setDesktopFileName(QStringLiteral(TANDEM_APP_ID));
    QApplication::setQuitOnLastWindowClosed(false); // the engine drains before the exit

    // Command line > environment > settings > default (Ui::UiSettings, README "Settings").
    const Ui::UiSettings settings = Ui::UiSettings::load();
    EngineHostOptions options;
    options.dataDir = dataDir;
    if (!dataDirGiven && qEnvironmentVariableIsEmpty("TANDEM_DATA_DIR")
        && !settings.dataDirectory.isEmpty())
        options.dataDir = settings.dataDirectory;
    options.demo = demo;
    if (demo && !dataDirGiven) {
        auto temp = EngineHost::createDemoDataDir();
        if (!temp)
            return failInDialog(temp.error().message);
        options.dataDir = *temp;
    }
    const bool listenFromSettings
        = qEnvironmentVariableIsEmpty("TANDEM_LISTEN") && !settings.listen.isEmpty();
    const QString listen = listenFromSettings ? settings.listen : EngineHost::defaultListen();
    const auto listenAt = EngineHost::parseListen(listen);
    if (!listenAt)
        return failInDialog(QObject::tr("%1: \"%2\" is not ADDRESS:PORT (e.g. 127.0.0.1:8470)")
                                .arg(listenFromSettings ? QObject::tr("Settings › Ingest listener")
                                                        : QStringLiteral("TANDEM_LISTEN"),
                                    listen));
    options.listenAddress = listenAt->first;
    options.listenPort = listenAt->second;

    // Watching from before the engine starts: a SIGTERM during the start then still drains
    // once the window is up instead of killing the process, and one while a "cannot start"
    // dialog shows closes it.
    UnixSignalWatcher signalWatcher;
    const QMetaObject::Connection beforeWindow
        = QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &signalWatcher,
            [] { QCoreApplication::exit(ExitRuntimeError); });
    EngineHost host(options);
    host.setLogLevel(settings.logLevel);
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
    QObject::connect(&window, &Ui::MainWindow::settingsSaved, &host,
        [&host](const Ui::UiSettings &saved) { host.setLogLevel(saved.logLevel); });
    QObject::disconnect(beforeWindow);
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &window,
        [&window] { window.quit(); });
    window.show();
    ScreenshotTour::startIfAsked(window);
    return QApplication::exec();
}

} // namespace Tandem::Cli
