// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <map>
#include <memory>

#include <QObject>
#include <QTimer>

#include "engine/core/delivery.h"
#include "engine/dispatch/circuitbreaker.h"
#include "engine/metrics/metricssnapshot.h"
#include "engine/secrets/targetcredentials.h"
#include "engine/store/store.h"

class QThread;

namespace Tandem {

class SecretResolver;
class SecretStore;
class StoreThread;
class TargetWorker;

struct EngineOptions
{
    /// The SQLite store to open, unless `storeFactory` is given.
    QString storePath;
    /// How often an idle worker looks for work enqueued by other processes.
    int idlePollMs = 10;
    /// How often the engine looks for target changes made by other processes.
    int configPollMs = 1000;
    /// Opens the store on the store thread; another backend (PostgreSQL) plugs in here without
    /// touching dispatch.
    std::function<Result<std::unique_ptr<Store>>()> storeFactory = {};
    /// The OS keychain, for targets whose secrets are `keychain:` references; not owned, must
    /// live on the engine's thread and outlive the engine. Without one such targets hold (and
    /// say why); `env:` and `file:` references need none.
    SecretStore *keychain = nullptr;
    /// How often the engine tries again to read secrets it could not (a locked keychain).
    int credentialRetryMs = 15'000;
};

/// The dispatch engine: opens the store on its own thread, recovers deliveries a crash left in
/// flight, runs one TargetWorker per enabled target, follows target changes in the store (made
/// by this process or another) and stops by draining. It resolves each target's secrets
/// (SecretResolver) before handing the configuration to the target's worker, so secrets exist
/// only in memory; a target whose secrets cannot be read holds its deliveries and says why.
///
/// Thread: lives on the thread that creates it (the application's main thread); its signals are
/// emitted there. Workers and the store run on their own threads.
class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    explicit Engine(EngineOptions options, QObject *parent = nullptr);
    ~Engine() override;

    /// Opens the store and starts dispatching. Fails if the store cannot be opened.
    Result<void> start();
    bool isRunning() const { return m_running; }

    /// Stores the messages durably (group commit) and calls `done` on `context`'s thread.
    void enqueue(const QList<NewMessage> &messages, QObject *context,
        std::function<void(Result<QStringList>)> done);

    /// Stops claiming, drains in-flight requests for up to `drainTimeoutMs`, writes every outcome,
    /// closes the store and emits stopped().
    void stop(int drainTimeoutMs);

    /// The store, for reads and operator actions (replay, discard) while the engine runs.
    StoreThread &store();

    /// Operator actions, applied through the store so that every engine on it follows; `done`
    /// runs on `context`'s thread once the change is durable.
    void setPaused(const QString &target, bool paused, QObject *context,
        std::function<void(Result<void>)> done);
    void resetBreaker(
        const QString &target, QObject *context, std::function<void(Result<void>)> done);

    /// The latest figures of every running target.
    QList<MetricsSnapshot> metrics() const;

    /// Looks for target changes now rather than at the next poll.
    void reloadTargets();
    /// Tells every worker to look for due deliveries now (after a replay, say).
    void wakeWorkers();

Q_SIGNALS:
    void attemptsRecorded(const QString &target, const QList<Tandem::AttemptRecord> &records);
    void targetsChanged(const QStringList &running);
    /// A running target took a new configuration; `changed` names the fields ("retry.max_attempts",
    /// "auth.token" when a secret reference changed), never a secret's value.
    void targetReconfigured(const QString &target, const QStringList &changed);
    void breakerTransition(const QString &target, const Tandem::BreakerTransition &transition);
    /// Every running target's figures, once a second.
    void metricsUpdated(const QList<Tandem::MetricsSnapshot> &snapshots);
    void stopped();
    void storeError(const QString &message);

private:
    struct WorkerSlot
    {
        TargetWorker *worker = nullptr; ///< owned by its thread (deleted when the thread finishes)
        std::unique_ptr<QThread> thread;
        StoredTarget target;
        TargetCredentials credentials;
        bool draining = false;
    };

    void applyTargets(const QList<StoredTarget> &targets);
    /// Resolves the target's secrets, then starts or reconfigures its worker.
    void resolveAndApply(const StoredTarget &target);
    void applyResolved(const StoredTarget &target, const TargetCredentials &credentials);
    void startWorker(const StoredTarget &target, const TargetCredentials &credentials);
    void retireWorker(const QString &name, int drainTimeoutMs);
    void handleWorkerDrained(const QString &name);
    void finishStop();
    void collectMetrics();
    void changeTarget(std::function<Result<void>(Store &)> change, QObject *context,
        std::function<void(Result<void>)> done);
    void shutDownThreads();

    EngineOptions m_options;
    std::unique_ptr<StoreThread> m_store;
    std::map<QString, WorkerSlot> m_workers;
    std::unique_ptr<SecretResolver> m_resolver;
    std::map<QString, quint64> m_resolving; ///< per target, the latest resolution asked for
    quint64 m_resolveSeq = 0;
    QTimer m_credentialRetry;
    QTimer m_configTimer;
    QTimer m_metricsTimer;
    std::map<QString, MetricsSnapshot> m_metrics;
    bool m_metricsOutstanding = false;
    QList<TargetCounts> m_lastCounts;
    qint64 m_nextCountAtMs = 0; ///< counting is linear in the backlog: paced by its own cost
    QTimer m_stopDeadline;
    qint64 m_configVersion = -1;
    bool m_running = false;
    bool m_stopping = false;
    bool m_reloadOutstanding = false;
};

} // namespace Tandem
