// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/enginehost.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include "app/cli/ingesttokenfollower.h"
#include "app/demo/demosetup.h"
#include "engine/dispatch/engine.h"
#include "engine/ingest/httpapi.h"
#include "engine/ingest/listenaddress.h"
#include "engine/ingest/outboxrelays.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/store/sqlitestore.h"

Q_LOGGING_CATEGORY(lcServe, "tandem.serve")

namespace Tandem {

namespace {

QString storePathIn(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("tandem.db"));
}

} // namespace

EngineHost::EngineHost(EngineHostOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_lock(QDir(m_options.dataDir).filePath(QStringLiteral("tandem.lock")))
    , m_demo(std::make_unique<Demo::DemoSetup>())
    , m_keychain(std::make_unique<KeychainSecretStore>())
{
    // Asked only for targets whose secrets are keychain references: a server whose targets use
    // env: or file: references never touches it.
    EngineOptions engineOptions { storePathIn(m_options.dataDir) };
    engineOptions.keychain = m_keychain.get();
    m_engine = std::make_unique<Engine>(engineOptions);
}

EngineHost::~EngineHost()
{
    // The relays and the API hold references to the engine: they go first.
    m_outbox.reset();
    m_tokens.reset();
    m_api.reset();
    m_eventLog.reset();
    m_engine.reset();
}

Engine &EngineHost::engine() { return *m_engine; }

SecretStore &EngineHost::keychain() { return *m_keychain; }

QString EngineHost::apiUrl() const
{
    return QStringLiteral("http://%1:%2").arg(m_options.listenAddress.toString()).arg(m_boundPort);
}

void EngineHost::setLogLevel(EventLog::Level level)
{
    m_options.logLevel = level;
    if (m_eventLog)
        m_eventLog->setLevel(level);
    QLoggingCategory::setFilterRules(EventLog::categoryRules(level));
}

Result<void> EngineHost::start()
{
    const QString &dataDir = m_options.dataDir;
    if (!QDir().mkpath(dataDir))
        return fail(Error::io(tr("cannot create the data directory %1").arg(dataDir)));

    m_lock.setStaleLockTime(0); // staleness is decided by whether the pid lives, not by age
    if (!m_lock.tryLock(0)) {
        if (m_lock.error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host, app;
            m_lock.getLockInfo(&pid, &host, &app);
            return fail(Error { Error::Code::StoreLocked,
                tr("another Tandem engine (pid %1) is already serving %2").arg(pid).arg(dataDir) });
        }
        return fail(
            Error::io(tr("cannot create the lock file %1 (permissions?)").arg(m_lock.fileName())));
    }

    if (m_options.demo || m_options.backlogLimits) {
        auto store = SqliteStore::open(storePathIn(dataDir));
        if (!store)
            return fail(store.error());
        if (m_options.demo) {
            if (auto r = m_demo->prepare(**store); !r)
                return r;
        }
        if (m_options.backlogLimits) {
            if (auto r = (*store)->setBacklogLimits(*m_options.backlogLimits); !r)
                return r;
        }
    }

    if (auto r = m_engine->start(); !r)
        return r;
    qCInfo(lcServe).noquote() << QStringLiteral("serving %1 (pid %2)")
                                     .arg(dataDir)
                                     .arg(QCoreApplication::applicationPid());

    m_eventLog = std::make_unique<EventLog>(EventLog::Options {
        QDir(dataDir).filePath(QStringLiteral("logs")), m_options.logLevel, m_options.logJson });
    if (auto r = m_eventLog->open(); !r)
        return r;
    m_eventLog->attach(*m_engine);

    m_api = std::make_unique<HttpApi>(*m_engine);
    // The token first: the API never answers a producer before it can check one.
    m_tokens = std::make_unique<Cli::IngestTokenFollower>(*m_api, *m_engine, *m_keychain);
    if (!m_options.ingestTokenReference.isEmpty()) {
        if (auto r = m_tokens->useReference(m_options.ingestTokenReference); !r)
            return r;
    } else {
        auto store = SqliteStore::open(storePathIn(dataDir));
        if (!store)
            return fail(store.error());
        m_tokens->useKeychain(**store);
    }
    auto bound = m_api->listen(m_options.listenAddress, m_options.listenPort);
    if (!bound)
        return fail(bound.error());
    m_boundPort = *bound;
    qCInfo(lcServe).noquote() << QStringLiteral(
        "ingest API at http://%1:%2/v1/messages, metrics at http://%1:%2/metrics")
                                     .arg(m_options.listenAddress.toString())
                                     .arg(m_boundPort);

    // Transactional-outbox sources: relayed once the engine runs, stopped before it drains.
    m_outbox = std::make_unique<OutboxRelays>(*m_engine, m_keychain.get());
    m_outbox->start();
    if (m_options.demo)
        m_demo->startTraffic(*m_engine, DemoMessagesPerSecond);
    return {};
}

void EngineHost::stop(int drainTimeoutMs)
{
    m_demo->stopTraffic();
    if (m_outbox)
        m_outbox->stop(); // a batch being relayed is abandoned: its rows stay unpublished
    m_engine->stop(drainTimeoutMs);
}

Result<QString> EngineHost::createDemoDataDir()
{
    // A demo never mixes its simulated targets into the operator's real data directory.
    QTemporaryDir temp(QDir::temp().filePath(QStringLiteral("tandem-demo-XXXXXX")));
    if (!temp.isValid())
        return fail(
            Error::io(tr("cannot create a temporary data directory: %1").arg(temp.errorString())));
    temp.setAutoRemove(false);
    return temp.path();
}

std::optional<std::pair<QHostAddress, quint16>> EngineHost::parseListen(const QString &listen)
{
    return parseListenAddress(listen);
}

QString EngineHost::defaultListen()
{
    return qEnvironmentVariable("TANDEM_LISTEN", QString::fromLatin1(DefaultListenAddress));
}

} // namespace Tandem
