// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/engine.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>

#include "engine/core/clock.h"
#include "engine/dispatch/targetworker.h"
#include "engine/secrets/credentialsloader.h"
#include "engine/secrets/secretresolver.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/storethread.h"

Q_DECLARE_LOGGING_CATEGORY(lcDispatch)

namespace Tandem {

namespace {

// Past the drain timeout a worker whose outcomes cannot be written (store gone, disk full) is
// abandoned: its deliveries are still in flight in the store and are recovered on restart.
constexpr int StopGraceMs = 5000;

struct MetaTypes
{
    MetaTypes()
    {
        qRegisterMetaType<Tandem::AttemptRecord>();
        qRegisterMetaType<QList<Tandem::AttemptRecord>>();
        qRegisterMetaType<Tandem::BreakerTransition>();
        qRegisterMetaType<Tandem::MetricsSnapshot>();
        qRegisterMetaType<Tandem::TargetCredentials>();
    }
};

} // namespace

Engine::Engine(EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_resolver(std::make_unique<SecretResolver>(m_options.keychain))
    , m_credentialRetry(this)
    , m_configTimer(this)
    , m_metricsTimer(this)
    , m_stopDeadline(this)
{
    m_credentialRetry.setInterval(m_options.credentialRetryMs);
    connect(&m_credentialRetry, &QTimer::timeout, this, [this] {
        for (auto &[name, slot] : m_workers) {
            if (!slot.draining && !slot.credentials.problem.isEmpty())
                resolveAndApply(slot.target);
        }
    });
    static const MetaTypes registered; // idempotent registration, not state
    m_configTimer.setInterval(m_options.configPollMs);
    connect(&m_configTimer, &QTimer::timeout, this, &Engine::reloadTargets);
    m_metricsTimer.setInterval(1000);
    connect(&m_metricsTimer, &QTimer::timeout, this, &Engine::collectMetrics);
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, [this] {
        qCWarning(lcDispatch).noquote()
            << "workers did not finish draining in time; stopping anyway";
        finishStop();
    });
}

Engine::~Engine()
{
    // A running engine destroyed without stop(): tear down without draining. Deliveries in
    // flight stay in flight in the store and are recovered by the next start().
    shutDownThreads();
}

void Engine::shutDownThreads()
{
    // The store first: its last callbacks are queued to workers that still exist; the workers
    // are deleted only when their threads finish, after that.
    if (m_store)
        m_store->stop();
    for (auto &[name, slot] : m_workers) {
        slot.thread->quit();
        slot.thread->wait();
    }
    m_workers.clear();
}

StoreThread &Engine::store()
{
    Q_ASSERT(m_store);
    return *m_store;
}

Result<void> Engine::start()
{
    StoreThread::Factory factory = m_options.storeFactory;
    if (!factory) {
        factory = [path = m_options.storePath]() -> Result<std::unique_ptr<Store>> {
            auto s = SqliteStore::open(path);
            if (!s)
                return fail(s.error());
            return std::unique_ptr<Store>(std::move(*s));
        };
    }
    m_store = std::make_unique<StoreThread>(std::move(factory));
    if (auto r = m_store->start(); !r) {
        m_store.reset();
        return r;
    }
    auto requeued = m_store->call<int>([](Store &s) { return s.requeueInFlight(nowMs()); });
    if (!requeued)
        return fail(requeued.error());
    if (*requeued > 0)
        qCInfo(lcDispatch).noquote()
            << "recovered" << *requeued << "deliveries left in flight by a previous run";
    auto targets = m_store->call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
    if (!targets)
        return fail(targets.error());
    auto version = m_store->call<qint64>([](Store &s) { return s.configVersion(); });
    if (!version)
        return fail(version.error());
    m_configVersion = *version;
    m_running = true;
    applyTargets(*targets);
    m_configTimer.start();
    m_metricsTimer.start();
    return {};
}

void Engine::enqueue(const QList<NewMessage> &messages, QObject *context,
    std::function<void(Result<QStringList>)> done)
{
    if (!m_running || m_stopping) {
        done(fail(Error::store(QStringLiteral("the engine is not running"))));
        return;
    }
    m_store->post<QStringList>(
        context, [messages](Store &s) { return s.enqueue(messages, nowMs()); },
        [this, done = std::move(done)](const Result<QStringList> &r) {
            if (r)
                wakeWorkers();
            done(r);
        });
}

void Engine::changeTarget(std::function<Result<void>(Store &)> change, QObject *context,
    std::function<void(Result<void>)> done)
{
    if (!m_running) {
        done(fail(Error::store(QStringLiteral("the engine is not running"))));
        return;
    }
    m_store->post<void>(
        context, std::move(change), [this, done = std::move(done)](const Result<void> &r) {
            if (r)
                reloadTargets();
            done(r);
        });
}

void Engine::setPaused(
    const QString &target, bool paused, QObject *context, std::function<void(Result<void>)> done)
{
    changeTarget([target, paused](Store &s) { return s.setPaused(target, paused); }, context,
        std::move(done));
}

void Engine::resetBreaker(
    const QString &target, QObject *context, std::function<void(Result<void>)> done)
{
    changeTarget([target](Store &s) { return s.requestBreakerReset(target, nowMs()); }, context,
        std::move(done));
}

QList<MetricsSnapshot> Engine::metrics() const
{
    QList<MetricsSnapshot> out;
    for (const auto &[name, m] : m_metrics) {
        if (m_workers.contains(name))
            out.append(m);
    }
    return out;
}

namespace {

void applyCounts(MetricsSnapshot &m, const QList<TargetCounts> &counts, qint64 now)
{
    for (const TargetCounts &c : counts) {
        if (c.target != m.target)
            continue;
        m.pending = c.pending;
        m.oldestPendingAgeMs = c.oldestPendingCreatedAtMs
            ? std::optional<qint64>(now - *c.oldestPendingCreatedAtMs)
            : std::nullopt;
    }
}

} // namespace

void Engine::collectMetrics()
{
    // Queue depths come from the store, the rest from each worker's latest snapshot; the merged
    // figures are kept as the charts' history and announced once a second. Counting is linear
    // in the backlog (a million waiting deliveries take tens of milliseconds), so it is redone
    // at most once a second and so that it never takes more than about 2 % of the store
    // thread; in between the last counts stand.
    if (m_metricsOutstanding || m_stopping)
        return;
    m_metricsOutstanding = true;
    const bool count = nowMs() >= m_nextCountAtMs;
    QList<MetricsSnapshot> snapshots = metrics();
    for (MetricsSnapshot &m : snapshots)
        applyCounts(m, m_lastCounts, nowMs());
    struct Counted
    {
        std::optional<QList<TargetCounts>> counts;
        qint64 tookMs = 0;
    };
    m_store->post<Counted>(
        this,
        [snapshots, count](Store &s) mutable -> Result<Counted> {
            Counted out;
            const qint64 now = nowMs();
            if (count) {
                QElapsedTimer took;
                took.start();
                auto counts = s.counts();
                if (!counts)
                    return fail(counts.error());
                out.tookMs = took.elapsed();
                for (MetricsSnapshot &m : snapshots)
                    applyCounts(m, *counts, now);
                qint64 waiting = 0;
                for (const TargetCounts &c : *counts)
                    waiting += c.pending + c.inFlight;
                if (auto r = s.updateBacklogState(waiting); !r)
                    return fail(r.error());
                out.counts = *counts;
            }
            if (auto r = s.recordMetrics(snapshots, now); !r)
                return fail(r.error());
            return out;
        },
        [this](const Result<Counted> &r) {
            m_metricsOutstanding = false;
            if (!r) {
                Q_EMIT storeError(r.error().message);
                return;
            }
            const qint64 now = nowMs();
            if (r->counts) {
                m_lastCounts = *r->counts;
                m_nextCountAtMs = now + std::max<qint64>(1000, 50 * r->tookMs);
            }
            for (auto &[name, m] : m_metrics)
                applyCounts(m, m_lastCounts, now);
            Q_EMIT metricsUpdated(metrics());
        },
        StoreThread::Commit::Lazy);
}

void Engine::wakeWorkers()
{
    for (auto &[name, slot] : m_workers) {
        if (!slot.draining)
            QMetaObject::invokeMethod(slot.worker, &TargetWorker::wake, Qt::QueuedConnection);
    }
}

void Engine::reloadTargets()
{
    if (!m_running || m_stopping || m_reloadOutstanding)
        return;
    m_reloadOutstanding = true;
    struct Snapshot
    {
        qint64 version;
        QList<StoredTarget> targets;
    };
    const qint64 known = m_configVersion;
    m_store->post<Snapshot>(
        this,
        [known](Store &s) -> Result<Snapshot> {
            auto v = s.configVersion();
            if (!v)
                return fail(v.error());
            if (*v == known)
                return Snapshot { *v, {} };
            auto t = s.targets();
            if (!t)
                return fail(t.error());
            return Snapshot { *v, *t };
        },
        [this](const Result<Snapshot> &r) {
            m_reloadOutstanding = false;
            if (!r) {
                Q_EMIT storeError(r.error().message);
                return;
            }
            if (r->version == m_configVersion || m_stopping)
                return;
            m_configVersion = r->version;
            applyTargets(r->targets);
        });
}

void Engine::applyTargets(const QList<StoredTarget> &targets)
{
    QStringList wanted;
    for (const StoredTarget &t : targets) {
        // A paused target is held like a disabled one, but still receives new deliveries.
        if (!t.config.enabled || t.paused)
            continue;
        wanted.append(t.config.name);
        auto it = m_workers.find(t.config.name);
        if (it != m_workers.end() && !it->second.draining && it->second.target.config == t.config
            && it->second.target.breakerResetRequestedAtMs == t.breakerResetRequestedAtMs)
            continue;
        if (it == m_workers.end() || !it->second.draining)
            resolveAndApply(t);
        // A draining worker of the same name is replaced once it has drained.
    }
    QStringList retiring;
    for (auto &[name, slot] : m_workers) {
        if (!wanted.contains(name) && !slot.draining)
            retiring.append(name);
    }
    for (const QString &name : retiring) {
        m_resolving.erase(name);
        retireWorker(name, 30'000);
    }
    Q_EMIT targetsChanged(wanted);
}

void Engine::resolveAndApply(const StoredTarget &target)
{
    const QString name = target.config.name;
    const quint64 seq = ++m_resolveSeq;
    m_resolving[name] = seq;
    loadCredentials(*m_resolver, target.config, this,
        [this, target, name, seq](const TargetCredentials &credentials) {
            auto it = m_resolving.find(name);
            if (it == m_resolving.end() || it->second != seq || m_stopping)
                return; // superseded by a newer configuration, or the target went away
            applyResolved(target, credentials);
        });
}

void Engine::applyResolved(const StoredTarget &t, const TargetCredentials &credentials)
{
    auto it = m_workers.find(t.config.name);
    // Said once per problem, not at every retry of a locked keychain.
    const bool newProblem
        = it == m_workers.end() || it->second.credentials.problem != credentials.problem;
    if (!credentials.problem.isEmpty() && newProblem)
        qCWarning(lcDispatch).noquote()
            << "target" << t.config.name << "cannot send:" << credentials.problem;
    bool retry = !credentials.problem.isEmpty();
    if (it == m_workers.end()) {
        startWorker(t, credentials);
    } else if (!it->second.draining) {
        const QStringList changed = t.config.changedFields(it->second.target.config);
        it->second.target = t;
        it->second.credentials = credentials;
        TargetWorker *w = it->second.worker;
        QMetaObject::invokeMethod(
            w, [w, t, credentials] { w->applyTarget(t, credentials); }, Qt::QueuedConnection);
        if (!changed.isEmpty()) {
            qCInfo(lcDispatch).noquote()
                << "target" << t.config.name << "reconfigured:" << changed.join(u", ");
            Q_EMIT targetReconfigured(t.config.name, changed);
        }
    }
    for (const auto &[name, slot] : m_workers)
        retry = retry || (!slot.draining && !slot.credentials.problem.isEmpty());
    if (retry && !m_credentialRetry.isActive())
        m_credentialRetry.start();
    else if (!retry)
        m_credentialRetry.stop();
}

void Engine::startWorker(const StoredTarget &target, const TargetCredentials &credentials)
{
    WorkerSlot slot;
    slot.target = target;
    slot.credentials = credentials;
    slot.thread = std::make_unique<QThread>();
    slot.thread->setObjectName(QStringLiteral("tandem-target-%1").arg(target.config.name));
    slot.worker = new TargetWorker(target, credentials, *m_store, m_options.idlePollMs);
    slot.worker->moveToThread(slot.thread.get());
    connect(slot.thread.get(), &QThread::finished, slot.worker, &QObject::deleteLater);
    connect(slot.worker, &TargetWorker::attemptsRecorded, this, &Engine::attemptsRecorded);
    connect(slot.worker, &TargetWorker::drained, this, &Engine::handleWorkerDrained);
    connect(slot.worker, &TargetWorker::breakerTransition, this, &Engine::breakerTransition);
    connect(slot.worker, &TargetWorker::metricsUpdated, this,
        [this](const MetricsSnapshot &m) { m_metrics[m.target] = m; });
    slot.thread->start();
    QMetaObject::invokeMethod(slot.worker, &TargetWorker::start, Qt::QueuedConnection);
    qCInfo(lcDispatch).noquote() << "target" << target.config.name
                                 << "started:" << target.config.url.toString();
    m_workers.emplace(target.config.name, std::move(slot));
}

void Engine::retireWorker(const QString &name, int drainTimeoutMs)
{
    auto it = m_workers.find(name);
    if (it == m_workers.end() || it->second.draining)
        return;
    it->second.draining = true;
    TargetWorker *w = it->second.worker;
    QMetaObject::invokeMethod(
        w, [w, drainTimeoutMs] { w->drain(drainTimeoutMs); }, Qt::QueuedConnection);
}

void Engine::handleWorkerDrained(const QString &name)
{
    auto it = m_workers.find(name);
    if (it == m_workers.end())
        return;
    it->second.thread->quit();
    it->second.thread->wait();
    m_workers.erase(it);
    qCInfo(lcDispatch).noquote() << "target" << name << "stopped";
    if (m_stopping) {
        if (m_workers.empty())
            finishStop();
        return;
    }
    // The target may have been re-enabled or re-added while it drained.
    m_configVersion = -1;
    reloadTargets();
}

void Engine::stop(int drainTimeoutMs)
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    m_configTimer.stop();
    m_metricsTimer.stop();
    if (m_workers.empty()) {
        QTimer::singleShot(0, this, &Engine::finishStop);
        return;
    }
    m_stopDeadline.start(drainTimeoutMs + StopGraceMs);
    QStringList names;
    for (auto &[name, slot] : m_workers) {
        slot.draining = false; // a worker retiring on its own drains again under the stop deadline
        names.append(name);
    }
    for (const QString &name : names)
        retireWorker(name, drainTimeoutMs);
}

void Engine::finishStop()
{
    if (!m_running)
        return;
    m_stopDeadline.stop();
    shutDownThreads();
    m_running = false;
    Q_EMIT stopped();
}

} // namespace Tandem
