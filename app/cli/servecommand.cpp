// SPDX-License-Identifier: GPL-3.0-or-later
#include <map>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QLockFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTimer>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/ingesttokenfollower.h"
#include "app/demo/demosetup.h"
#include "app/unixsignalwatcher.h"
#include "engine/dispatch/engine.h"
#include "engine/ingest/httpapi.h"
#include "engine/ingest/outboxrelays.h"
#include "engine/log/eventlog.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/store.h"

Q_LOGGING_CATEGORY(lcServe, "tandem.serve")

namespace Tandem::Cli {

namespace {

constexpr int DemoMessagesPerSecond = 20;

/// Counts outcomes per target between two log lines, so an operator tailing the log sees the
/// engine work without one line per delivery.
class ActivityLog final : public QObject
{
public:
    ActivityLog(Engine &engine, int intervalMs)
    {
        connect(&engine, &Engine::attemptsRecorded, this,
            [this](const QString &target, const QList<AttemptRecord> &records) {
                Tally &t = m_tally[target];
                for (const AttemptRecord &r : records) {
                    switch (r.newState) {
                    case DeliveryState::Delivered:
                        ++t.delivered;
                        break;
                    case DeliveryState::RetryWait:
                        ++t.retrying;
                        break;
                    case DeliveryState::Dead:
                        ++t.dead;
                        break;
                    default:
                        break;
                    }
                }
            });
        connect(&m_timer, &QTimer::timeout, this, &ActivityLog::report);
        m_timer.start(intervalMs);
    }

private:
    struct Tally
    {
        qint64 delivered = 0;
        qint64 retrying = 0;
        qint64 dead = 0;
    };
    void report()
    {
        QStringList parts;
        for (auto &[target, t] : m_tally)
            parts.append(QStringLiteral("%1: %2 delivered, %3 to retry, %4 dead")
                             .arg(target)
                             .arg(t.delivered)
                             .arg(t.retrying)
                             .arg(t.dead));
        if (!parts.isEmpty())
            qCInfo(lcServe).noquote()
                << "last" << m_timer.interval() / 1000 << "s:" << parts.join(QStringLiteral(" | "));
        m_tally.clear();
    }
    std::map<QString, Tally> m_tally;
    QTimer m_timer;
};

} // namespace

int runServe(CliContext &context, const QCommandLineParser &parser)
{
    if (!context.arguments().isEmpty())
        return context.failWith(QStringLiteral("serve takes no arguments"), ExitUsageError);
    bool ok = false;
    const double drainSeconds = parser.value(QStringLiteral("drain-timeout")).toDouble(&ok);
    if (!ok || drainSeconds < 0 || drainSeconds > 3600)
        return context.failWith(
            QStringLiteral("--drain-timeout must be a number of seconds from 0 to 3600"),
            ExitUsageError);
    const bool demo = parser.isSet(QStringLiteral("demo"));
    QString listen = parser.value(QStringLiteral("listen"));
    if (listen.isEmpty())
        listen = qEnvironmentVariable("TANDEM_LISTEN", QStringLiteral("127.0.0.1:8470"));
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const uint listenPort = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    const QHostAddress listenAddress(colon > 0 ? listen.left(colon) : QString());
    if (!portOk || listenPort > 65535 || listenAddress.isNull())
        return context.failWith(
            QStringLiteral("--listen: \"%1\" is not ADDRESS:PORT (e.g. 127.0.0.1:8470)")
                .arg(listen),
            ExitUsageError);
    if (!listenAddress.isLoopback() && !parser.isSet(QStringLiteral("allow-remote")))
        return context.failWith(
            QStringLiteral("--listen %1 would let other machines reach the ingest API; add "
                           "--allow-remote if that is meant (the bearer token is still required)")
                .arg(listen),
            ExitUsageError);
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(
            QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning "
                           "%{endif}%{if-critical}error %{endif}%{category}: %{message}"));

    // Qt warns once per HTTP/2 stream a GOAWAY cuts off; the engine logs one line per event.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qt.network.http2.warning=false"));

    QString dataDir = context.dataDir();
    if (demo && !parser.isSet(QStringLiteral("data"))) {
        // A demo never mixes its simulated targets into the operator's real data directory.
        QTemporaryDir temp(QDir::temp().filePath(QStringLiteral("tandem-demo-XXXXXX")));
        if (!temp.isValid())
            return context.failWith(QStringLiteral("cannot create a temporary data directory: %1")
                                        .arg(temp.errorString()));
        temp.setAutoRemove(false);
        dataDir = temp.path();
        context.out() << "demo data directory: " << dataDir << "\n"
                      << "watch it from another terminal: tandem status --data " << dataDir
                      << Qt::endl;
    }
    CliContext serveContext({}, dataDir);
    if (!QDir().mkpath(dataDir))
        return context.failWith(QStringLiteral("cannot create the data directory %1").arg(dataDir));

    QLockFile lock(serveContext.lockPath());
    lock.setStaleLockTime(0); // staleness is decided by whether the pid lives, not by age
    if (!lock.tryLock(0)) {
        if (lock.error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host, app;
            lock.getLockInfo(&pid, &host, &app);
            return context.failWith(
                QStringLiteral("another Tandem engine (pid %1) is already serving %2")
                    .arg(pid)
                    .arg(dataDir));
        }
        return context.failWith(QStringLiteral("cannot create the lock file %1 (permissions?)")
                                    .arg(serveContext.lockPath()));
    }

    Demo::DemoSetup demoSetup;
    if (demo) {
        auto store = serveContext.openStore();
        if (!store)
            return context.failWith(store.error());
        if (auto r = demoSetup.prepare(**store); !r)
            return context.failWith(r.error());
    }

    if (parser.isSet(QStringLiteral("backlog-high"))
        || parser.isSet(QStringLiteral("backlog-low"))) {
        bool highOk = true, lowOk = true;
        Store::BacklogLimits limits;
        if (parser.isSet(QStringLiteral("backlog-high")))
            limits.highWater = parser.value(QStringLiteral("backlog-high")).toLongLong(&highOk);
        limits.lowWater = parser.isSet(QStringLiteral("backlog-low"))
            ? parser.value(QStringLiteral("backlog-low")).toLongLong(&lowOk)
            : limits.highWater * 4 / 5;
        if (!highOk || !lowOk)
            return context.failWith(
                QStringLiteral("--backlog-high and --backlog-low take whole numbers"),
                ExitUsageError);
        auto store = serveContext.openStore();
        if (!store)
            return context.failWith(store.error());
        if (auto r = (*store)->setBacklogLimits(limits); !r)
            return context.failWith(r.error());
    }

    // Asked only for targets whose secrets are keychain references: a server whose targets use
    // env: or file: references never touches it.
    KeychainSecretStore keychain;
    EngineOptions options { serveContext.storePath() };
    options.keychain = &keychain;
    Engine engine(options);
    if (auto r = engine.start(); !r)
        return context.failWith(r.error());
    qCInfo(lcServe).noquote() << QStringLiteral("serving %1 (pid %2)")
                                     .arg(dataDir)
                                     .arg(QCoreApplication::applicationPid());

    const QString level = parser.value(QStringLiteral("log-level"));
    if (level != u"info" && level != u"debug")
        return context.failWith(
            QStringLiteral("--log-level must be info or debug"), ExitUsageError);
    EventLog eventLog({ QDir(dataDir).filePath(QStringLiteral("logs")),
        level == u"debug" ? EventLog::Level::Debug : EventLog::Level::Info,
        parser.isSet(QStringLiteral("log-json")) });
    if (auto r = eventLog.open(); !r)
        return context.failWith(r.error());
    eventLog.attach(engine);

    HttpApi api(engine);
    // The token first: the API never answers a producer before it can check one.
    IngestTokenFollower tokens(api, engine, keychain);
    if (parser.isSet(QStringLiteral("ingest-token"))) {
        if (auto r = tokens.useReference(parser.value(QStringLiteral("ingest-token"))); !r)
            return context.failWith(r.error());
    } else {
        auto store = serveContext.openStore();
        if (!store)
            return context.failWith(store.error());
        tokens.useKeychain(**store);
    }
    if (auto bound = api.listen(listenAddress, listenPort); !bound) {
        return context.failWith(bound.error());
    } else {
        qCInfo(lcServe).noquote() << QStringLiteral(
            "ingest API at http://%1:%2/v1/messages, metrics at http://%1:%2/metrics")
                                         .arg(listenAddress.toString())
                                         .arg(*bound);
    }

    ActivityLog activity(engine, demo ? 5000 : 10'000);
    // Transactional-outbox sources: relayed once the engine runs, stopped before it drains.
    OutboxRelays outbox(engine, &keychain);
    outbox.start();
    if (demo)
        demoSetup.startTraffic(engine, DemoMessagesPerSecond);

    UnixSignalWatcher signalWatcher;
    int exitCode = ExitOk;
    QObject::connect(
        &signalWatcher, &UnixSignalWatcher::terminationRequested, &engine, [&](int number) {
            if (demo)
                demoSetup.stopTraffic();
            if (exitCode == ExitOk && engine.isRunning()) {
                qCInfo(lcServe) << "signal" << number
                                << "received: draining in-flight requests for up to" << drainSeconds
                                << "s (send it again to exit at once)";
                exitCode = -1; // draining
                outbox.stop(); // a batch being relayed is abandoned: its rows stay unpublished
                engine.stop(int(drainSeconds * 1000));
            } else {
                qCWarning(lcServe)
                    << "second signal: exiting without draining; in-flight deliveries are "
                       "recovered at the next start";
                QCoreApplication::exit(ExitRuntimeError);
            }
        });
    QObject::connect(&engine, &Engine::stopped, &engine, [] {
        qCInfo(lcServe) << "stopped";
        QCoreApplication::exit(ExitOk);
    });
    QObject::connect(&engine, &Engine::storeError, &engine,
        [](const QString &message) { qCWarning(lcServe).noquote() << message; });
    return QCoreApplication::exec();
}

} // namespace Tandem::Cli
