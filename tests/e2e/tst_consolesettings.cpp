// SPDX-License-Identifier: GPL-3.0-or-later
// The console's settings at start, on the real `tandem` binary (offscreen): where a setting also
// has an option or an environment variable, the command line wins over the environment, which
// wins over the setting, which wins over the default (data directory: --data, TANDEM_DATA_DIR;
// ingest listener: TANDEM_LISTEN); the log level setting reaches the engine's logging. The
// console is stopped with SIGTERM, which quits it (drains the engine) even where a tray icon
// would only hide the window.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTest>

#include <signal.h>

#include "tests/support/clirunner.h"
#include "tests/support/scratchdir.h"

using namespace Tandem::Testing;

namespace {

constexpr int StartTimeoutMs = 20'000;

struct ConsoleRun
{
    int exitCode = -1;
    QString err;
};

} // namespace

class tst_ConsoleSettings : public QObject
{
    Q_OBJECT

private:
    std::optional<ScratchDir> m_home; ///< HOME and XDG_CONFIG_HOME: the console's settings

    QString configFile() const
    {
        return m_home->filePath(QStringLiteral("config/tandem/tandem.conf"));
    }

    void writeSettings(const QList<std::pair<QString, QString>> &values) const
    {
        QSettings settings(configFile(), QSettings::IniFormat);
        for (const auto &[key, value] : values)
            settings.setValue(key, value);
        settings.sync();
    }

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = environment(); // without TANDEM_DATA_DIR
        e.remove(QStringLiteral("TANDEM_LISTEN"));
        e.insert(QStringLiteral("HOME"), m_home->path());
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->filePath(QStringLiteral("config")));
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_home->filePath(QStringLiteral("data")));
        e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return e;
    }

    /// Starts the console, waits until its engine runs on `dataDir` (the lock and the event log
    /// exist) and it printed `waitFor`, stops it with SIGTERM and returns what it printed.
    ConsoleRun runConsole(const QStringList &args, const QProcessEnvironment &e,
        const QString &dataDir, const QString &waitFor = QStringLiteral("ingest API at")) const
    {
        ConsoleRun run;
        QProcess p;
        p.setProcessEnvironment(e);
        p.start(binary(), args);
        if (!p.waitForStarted(10'000)) {
            run.err = p.errorString();
            return run;
        }
        const QDir dir(dataDir);
        QString err;
        (void)QTest::qWaitFor(
            [&] {
                err += QString::fromUtf8(p.readAllStandardError());
                const bool running = QFile::exists(dir.filePath(QStringLiteral("tandem.lock")))
                    && QFile::exists(dir.filePath(QStringLiteral("logs/tandem.log")));
                return (running && err.contains(waitFor)) || p.state() == QProcess::NotRunning;
            },
            StartTimeoutMs);
        ::kill(pid_t(p.processId()), SIGTERM);
        if (!p.waitForFinished(StartTimeoutMs))
            p.kill();
        err += QString::fromUtf8(p.readAllStandardError());
        run.err = err;
        run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return run;
    }

private Q_SLOTS:
    void init() { m_home.emplace(); }
    void cleanup() { m_home.reset(); }

    void dataDirectoryPrecedence_data()
    {
        QTest::addColumn<bool>("setting");
        QTest::addColumn<bool>("environment");
        QTest::addColumn<bool>("commandLine");
        QTest::addColumn<QString>("expected"); // which one serves
        QTest::addRow("default") << false << false << false << QStringLiteral("default");
        QTest::addRow("setting over default")
            << true << false << false << QStringLiteral("setting");
        QTest::addRow("environment over setting")
            << true << true << false << QStringLiteral("environment");
        QTest::addRow("command line over environment")
            << true << true << true << QStringLiteral("command line");
    }

    void dataDirectoryPrecedence()
    {
        QFETCH(bool, setting);
        QFETCH(bool, environment);
        QFETCH(bool, commandLine);
        QFETCH(QString, expected);
        const QHash<QString, QString> dirs {
            { QStringLiteral("default"), m_home->filePath(QStringLiteral("data/tandem")) },
            { QStringLiteral("setting"), m_home->filePath(QStringLiteral("from-setting")) },
            { QStringLiteral("environment"), m_home->filePath(QStringLiteral("from-env")) },
            { QStringLiteral("command line"), m_home->filePath(QStringLiteral("from-cli")) },
        };
        QList<std::pair<QString, QString>> values { { QStringLiteral("ingest/listen"),
            QStringLiteral("127.0.0.1:0") } };
        if (setting)
            values.append({ QStringLiteral("data/directory"), dirs[QStringLiteral("setting")] });
        writeSettings(values);
        QProcessEnvironment e = env();
        if (environment)
            e.insert(QStringLiteral("TANDEM_DATA_DIR"), dirs[QStringLiteral("environment")]);
        QStringList args;
        if (commandLine)
            args << QStringLiteral("--data") << dirs[QStringLiteral("command line")];

        const ConsoleRun run = runConsole(args, e, dirs[expected]);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("serving %1 ").arg(dirs[expected])),
            qPrintable(run.err));
        for (const QString &other : dirs) {
            if (other != dirs[expected])
                QVERIFY2(!QFile::exists(QDir(other).filePath(QStringLiteral("tandem.db"))),
                    qPrintable(other));
        }
    }

    void listenerPrecedence()
    {
        const QString data = m_home->filePath(QStringLiteral("data/tandem"));
        // The setting over the default (127.0.0.1:8470): another loopback address.
        writeSettings({ { QStringLiteral("ingest/listen"), QStringLiteral("127.0.0.2:0") } });
        ConsoleRun run = runConsole({}, env(), data);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("ingest API at http://127.0.0.2:")),
            qPrintable(run.err));

        // The environment over the setting.
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("TANDEM_LISTEN"), QStringLiteral("127.0.0.3:0"));
        run = runConsole({}, e, data);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("ingest API at http://127.0.0.3:")),
            qPrintable(run.err));
    }

    void logLevelSetting()
    {
        const QString data = m_home->filePath(QStringLiteral("data/tandem"));
        writeSettings({ { QStringLiteral("ingest/listen"), QStringLiteral("127.0.0.1:0") },
            { QStringLiteral("logging/level"), QStringLiteral("warning") } });
        QProcessEnvironment e = env();
        e.remove(QStringLiteral("QT_LOGGING_RULES")); // the setting alone decides
        // Nothing to wait for on stderr: the engine runs once its lock and log exist.
        const ConsoleRun run = runConsole({}, e, data, QString());
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        // Info lines (the engine starting, printed before its log opens) are not written.
        QVERIFY2(!run.err.contains(QStringLiteral("tandem.serve: serving")), qPrintable(run.err));
        // At info the same console says it.
        writeSettings({ { QStringLiteral("logging/level"), QStringLiteral("info") } });
        const ConsoleRun again = runConsole({}, e, data);
        QVERIFY2(
            again.err.contains(QStringLiteral("tandem.serve: serving")), qPrintable(again.err));
    }
};

QTEST_GUILESS_MAIN(tst_ConsoleSettings)
#include "tst_consolesettings.moc"
