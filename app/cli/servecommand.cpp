// SPDX-License-Identifier: GPL-3.0-or-later
#include <map>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/enginehost.h"
#include "app/unixsignalwatcher.h"
#include "engine/dispatch/engine.h"
#include "engine/store/store.h"

namespace Tandem::Cli {

namespace {

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
        return context.failWith(Text::tr("serve takes no arguments"), ExitUsageError);
    bool ok = false;
    const double drainSeconds = parser.value(QStringLiteral("drain-timeout")).toDouble(&ok);
    if (!ok || drainSeconds < 0 || drainSeconds > 3600)
        return context.failWith(
            Text::tr("--drain-timeout must be a number of seconds from 0 to 3600"), ExitUsageError);
    const bool demo = parser.isSet(QStringLiteral("demo"));
    QString listen = parser.value(QStringLiteral("listen"));
    if (listen.isEmpty())
        listen = EngineHost::defaultListen();
    const auto listenAt = EngineHost::parseListen(listen);
    if (!listenAt)
        return context.failWith(
            Text::tr("--listen: \"%1\" is not ADDRESS:PORT (e.g. 127.0.0.1:8470)").arg(listen),
            ExitUsageError);
    if (!listenAt->first.isLoopback() && !parser.isSet(QStringLiteral("allow-remote")))
        return context.failWith(
            Text::tr("--listen %1 would let other machines reach the ingest API; add "
                     "--allow-remote if that is meant (the bearer token is still required)")
                .arg(listen),
            ExitUsageError);
    const auto logLevel = EventLog::levelFromName(parser.value(QStringLiteral("log-level")));
    if (!logLevel)
        return context.failWith(
            Text::tr("--log-level must be error, warning, info or debug"), ExitUsageError);
    std::optional<Store::BacklogLimits> backlogLimits;
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
                Text::tr("--backlog-high and --backlog-low take whole numbers"), ExitUsageError);
        backlogLimits = limits;
    }
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(
            QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning "
                           "%{endif}%{if-critical}error %{endif}%{category}: %{message}"));

    // Qt warns once per HTTP/2 stream a GOAWAY cuts off; the engine logs one line per event.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qt.network.http2.warning=false"));

    QString dataDir = context.dataDir();
    if (demo && !parser.isSet(QStringLiteral("data"))) {
        auto temp = EngineHost::createDemoDataDir();
        if (!temp)
            return context.failWith(temp.error().message);
        dataDir = *temp;
        context.out() << Text::tr("demo data directory: %1").arg(dataDir) << '\n'
                      << Text::tr("watch it from another terminal: %1")
                             .arg(QStringLiteral("tandem status --data ") + dataDir)
                      << Qt::endl;
    }

    EngineHostOptions options;
    options.dataDir = dataDir;
    options.demo = demo;
    options.listenAddress = listenAt->first;
    options.listenPort = listenAt->second;
    options.ingestTokenReference = parser.value(QStringLiteral("ingest-token"));
    options.backlogLimits = backlogLimits;
    options.logLevel = *logLevel;
    options.logJson = parser.isSet(QStringLiteral("log-json"));
    EngineHost host(options);
    if (auto r = host.start(); !r)
        return context.failWith(r.error());
    Engine &engine = host.engine();
    ActivityLog activity(engine, demo ? 5000 : 10'000);

    UnixSignalWatcher signalWatcher;
    int exitCode = ExitOk;
    QObject::connect(
        &signalWatcher, &UnixSignalWatcher::terminationRequested, &engine, [&](int number) {
            if (exitCode == ExitOk && engine.isRunning()) {
                qCInfo(lcServe) << "signal" << number
                                << "received: draining in-flight requests for up to" << drainSeconds
                                << "s (send it again to exit at once)";
                exitCode = -1; // draining
                host.stop(int(drainSeconds * 1000));
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
