// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <optional>

#include <QHostAddress>
#include <QLockFile>
#include <QLoggingCategory>
#include <QObject>
#include <QString>

#include "engine/core/error.h"
#include "engine/log/eventlog.h"
#include "engine/store/store.h"

Q_DECLARE_LOGGING_CATEGORY(lcServe)

namespace Tandem {

class Engine;
class HttpApi;
class KeychainSecretStore;
class OutboxRelays;
class SecretStore;

namespace Cli {
class IngestTokenFollower;
}
namespace Demo {
class DemoSetup;
}

/// Where and how an EngineHost runs the engine: what `tandem serve` and the console share.
struct EngineHostOptions
{
    QString dataDir;
    bool demo = false; ///< also start the demo's simulated targets and traffic
    QHostAddress listenAddress { QHostAddress::LocalHost };
    quint16 listenPort = 8470;
    QString ingestTokenReference; ///< env:NAME or file:/path; empty: the keychain's token
    std::optional<Store::BacklogLimits> backlogLimits;
    /// Of the event log, DIR/logs/tandem.log: any EventLog::Level (serve's --log-level); the
    /// console also applies it to stderr through setLogLevel().
    EventLog::Level logLevel = EventLog::Level::Info;
    bool logJson = false;
};

/// Runs the engine of a data directory with everything around it, as `tandem serve` and the
/// console both need it: the data directory's lock (one engine per data directory), the demo
/// setup, the OS keychain, the Engine, its event log, the ingest API with its token and the
/// transactional-outbox relays. start() brings them up in that order and logs the lines operators
/// and tests rely on ("serving …", "ingest API at http://…/v1/messages, metrics at …");
/// stop() stops the traffic and the relays and lets the engine drain (Engine::stopped follows).
///
/// Errors: start() fails with StoreLocked when another engine (`tandem serve` or a console)
/// holds the data directory, and with the store's, the log's or the API's error otherwise;
/// whatever started before the failure is torn down by the destructor.
///
/// Thread: the main thread; the engine, the API and the relays live there too.
class EngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineHost)

public:
    static constexpr int DemoMessagesPerSecond = 20;

    explicit EngineHost(EngineHostOptions options, QObject *parent = nullptr);
    ~EngineHost() override;

    Result<void> start();
    /// Stops the demo traffic and the relays, then drains the engine for up to `drainTimeoutMs`.
    void stop(int drainTimeoutMs);

    /// Valid from construction; running after a successful start().
    Engine &engine();
    SecretStore &keychain();
    const EngineHostOptions &options() const { return m_options; }
    /// The port the ingest API listens on (0 before start()).
    quint16 listenPort() const { return m_boundPort; }
    /// `http://ADDRESS:PORT` of the ingest API, once started.
    QString apiUrl() const;
    /// Changes the level of the event log (DIR/logs/tandem.log) and of the `tandem.*` logging
    /// categories on stderr, from now on (the console's Settings › Logging).
    void setLogLevel(EventLog::Level level);

    /// A new temporary data directory for a demo, kept after exit so that it can be inspected.
    static Result<QString> createDemoDataDir();
    /// "ADDRESS:PORT" as --listen and $TANDEM_LISTEN take it; nullopt if it is not one.
    static std::optional<std::pair<QHostAddress, quint16>> parseListen(const QString &listen);
    /// $TANDEM_LISTEN, else 127.0.0.1:8470.
    static QString defaultListen();

private:
    EngineHostOptions m_options;
    QLockFile m_lock;
    std::unique_ptr<Demo::DemoSetup> m_demo;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<EventLog> m_eventLog;
    std::unique_ptr<HttpApi> m_api;
    std::unique_ptr<Cli::IngestTokenFollower> m_tokens;
    std::unique_ptr<OutboxRelays> m_outbox;
    quint16 m_boundPort = 0;
};

} // namespace Tandem
