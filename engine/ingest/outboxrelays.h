// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <memory>

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "engine/ingest/outboxrelay.h"
#include "engine/store/store.h"

class QThread;

namespace Tandem {

class Engine;
class SecretResolver;
class SecretStore;

/// Runs one OutboxRelay per enabled, unpaused outbox source of the engine's store and follows
/// the sources as operators add, change, pause or remove them (from any process: it watches the
/// store's outbox version). It hands each relay's batches to Engine::enqueue and records each
/// relay's progress in the store, where `tandem status` reads it. The console and `tandem serve`
/// share it.
///
/// Refuses to relay (every source records why) while the store's idempotency window is shorter
/// than `minIdempotencyWindowMs`: no double enqueue rests on the store remembering a row's key
/// from its enqueue until the row is marked published, and a row left unmarked longer than the
/// window would be enqueued a second time.
///
/// Thread: lives on the Engine's thread; start() after Engine::start(), stop() before
/// Engine::stop() (a relay's batch needs a running engine). Each relay runs on a thread of its
/// own, owned here. PostgreSQL passwords are resolved (SecretResolver: keychain, env, file)
/// here, before a relay starts, and exist only in memory; a password that cannot be read is
/// recorded as the source's error and tried again every `secretRetryMs`.
/// Errors: none escape; store errors are logged and retried at the next reload.
class OutboxRelays final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxRelays)

public:
    struct Options
    {
        int reloadMs = 1000;
        int secretRetryMs = 15'000;
        qint64 minIdempotencyWindowMs = 3'600'000;
        OutboxRelay::Options relay = {};
    };

    /// `keychain`: for `keychain:` password references; not owned, may be null.
    OutboxRelays(Engine &engine, SecretStore *keychain, Options options, QObject *parent = nullptr);
    OutboxRelays(Engine &engine, SecretStore *keychain, QObject *parent = nullptr);
    ~OutboxRelays() override;

    /// Reads the sources and starts their relays; follows changes from then on.
    void start();
    /// Stops every relay and waits for its thread. A batch being enqueued is abandoned safely:
    /// its rows stay unpublished and are read again by the next run.
    void stop();
    /// Looks for source changes now rather than at the next reload.
    void reload();
    /// Names of the sources whose relay runs.
    QStringList running() const;

Q_SIGNALS:
    void progressed(const QString &source, const Tandem::OutboxProgress &progress);
    void runningChanged(const QStringList &running);

private:
    struct Slot
    {
        OutboxConfig config;
        OutboxRelay *relay = nullptr; ///< deleted on its thread when the thread finishes
        std::unique_ptr<QThread> thread;
        quint64 generation = 0;
    };

    /// Starts, restarts and stops relays to match m_sources (or stops them all while the
    /// idempotency window is too short).
    void apply();
    void resolveAndStart(const OutboxConfig &config);
    void startRelay(const OutboxConfig &config, const QByteArray &password);
    void stopRelay(const QString &name);
    void handleEnqueueRequest(
        const QString &name, quint64 generation, quint64 batch, const QList<NewMessage> &messages);
    void record(const QString &name, const OutboxProgress &progress);
    void recordError(const QString &name, const QString &error);

    Engine &m_engine;
    Options m_options;
    std::unique_ptr<SecretResolver> m_resolver;
    std::map<QString, Slot> m_slots;
    QHash<QThread *, quint64> m_retiring; ///< threads of stopped relays, joined when they finish
    QList<StoredOutboxSource> m_sources; ///< as last read from the store
    qint64 m_windowMs = 0; ///< the store's idempotency window as last read
    struct Recorded
    {
        qint64 atMs = 0;
        bool hadError = false;
    };
    QHash<QString, Recorded> m_recorded; ///< per source, the progress last written to the store
    QHash<QString, quint64> m_resolving; ///< per source, the password resolution in progress
    quint64 m_sequence = 0;
    QTimer m_reloadTimer;
    QTimer m_secretRetry;
    qint64 m_knownVersion = -1;
    QString m_refusal; ///< why nothing is relayed (a short idempotency window); empty if none
    bool m_reloadOutstanding = false;
    bool m_running = false;
};

} // namespace Tandem
