// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/outboxrelays.h"

#include <algorithm>

#include <QLoggingCategory>
#include <QPointer>
#include <QThread>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "engine/store/storethread.h"

Q_DECLARE_LOGGING_CATEGORY(lcOutbox)

namespace Tandem {

namespace {

constexpr qint64 RoutineRecordMs = 1000;

QString duration(qint64 ms)
{
    if (ms % 3'600'000 == 0)
        return QStringLiteral("%1 h").arg(ms / 3'600'000);
    if (ms % 60'000 == 0)
        return QStringLiteral("%1 min").arg(ms / 60'000);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0);
}

bool wanted(const StoredOutboxSource &s) { return s.config.enabled && !s.paused; }

} // namespace

OutboxRelays::OutboxRelays(Engine &engine, SecretStore *keychain, Options options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(options)
    , m_resolver(std::make_unique<SecretResolver>(keychain))
    , m_reloadTimer(this)
    , m_secretRetry(this)
{
    // Queued signals of the relays carry these.
    qRegisterMetaType<QList<Tandem::NewMessage>>();
    qRegisterMetaType<Tandem::OutboxProgress>();
    m_reloadTimer.setInterval(m_options.reloadMs);
    connect(&m_reloadTimer, &QTimer::timeout, this, &OutboxRelays::reload);
    m_secretRetry.setSingleShot(true);
    m_secretRetry.setInterval(m_options.secretRetryMs);
    connect(&m_secretRetry, &QTimer::timeout, this, [this] {
        m_knownVersion = -1; // re-apply everything: sources waiting for a password start now
        reload();
    });
}

OutboxRelays::OutboxRelays(Engine &engine, SecretStore *keychain, QObject *parent)
    : OutboxRelays(engine, keychain, Options {}, parent)
{
}

OutboxRelays::~OutboxRelays() { stop(); }

void OutboxRelays::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running)
        return;
    m_running = true;
    m_knownVersion = -1;
    reload();
    m_reloadTimer.start();
}

void OutboxRelays::stop()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_running = false;
    m_reloadTimer.stop();
    m_secretRetry.stop();
    m_resolving.clear();
    const bool hadRelays = !m_slots.empty();
    QStringList names;
    for (const auto &[name, slot] : m_slots)
        names.append(name);
    for (const QString &name : names)
        stopRelay(name);
    for (QThread *thread : m_retiring.keys()) {
        thread->wait();
        delete thread;
    }
    m_retiring.clear();
    if (hadRelays)
        Q_EMIT runningChanged({});
}

QStringList OutboxRelays::running() const
{
    QStringList names;
    for (const auto &[name, slot] : m_slots)
        names.append(name);
    return names;
}

void OutboxRelays::reload()
{
    if (!m_running || m_reloadOutstanding || !m_engine.isRunning())
        return;
    m_reloadOutstanding = true;
    struct Snapshot
    {
        qint64 version = 0;
        qint64 windowMs = 0;
        std::optional<QList<StoredOutboxSource>> sources; ///< read only when the version moved
    };
    const qint64 known = m_knownVersion;
    QPointer<OutboxRelays> self(this);
    m_engine.store().post<Snapshot>(
        &m_engine,
        [known](Store &s) -> Result<Snapshot> {
            Snapshot snapshot;
            auto version = s.outboxVersion();
            if (!version)
                return fail(version.error());
            snapshot.version = *version;
            auto window = s.idempotencyWindow();
            if (!window)
                return fail(window.error());
            snapshot.windowMs = *window;
            if (*version != known) {
                auto sources = s.outboxSources();
                if (!sources)
                    return fail(sources.error());
                snapshot.sources = *sources;
            }
            return snapshot;
        },
        [self](const Result<Snapshot> &r) {
            if (!self)
                return;
            self->m_reloadOutstanding = false;
            if (!r) {
                qCWarning(lcOutbox).noquote() << "reading the outbox sources:" << r.error().message;
                return;
            }
            if (!self->m_running)
                return;
            if (r->sources) {
                self->m_knownVersion = r->version;
                self->m_sources = *r->sources;
            } else if (r->windowMs == self->m_windowMs) {
                return;
            }
            self->m_windowMs = r->windowMs;
            self->apply();
        },
        StoreThread::Commit::Lazy);
}

void OutboxRelays::apply()
{
    const QStringList before = running();
    if (m_windowMs < m_options.minIdempotencyWindowMs) {
        const QString refusal
            = QStringLiteral("outbox sources are not relayed: the store's idempotency window "
                             "(%1) is shorter than %2, so a row enqueued but not yet marked "
                             "published when the window passes could be enqueued twice; "
                             "raise the window")
                  .arg(duration(m_windowMs), duration(m_options.minIdempotencyWindowMs));
        if (refusal != m_refusal)
            qCWarning(lcOutbox).noquote() << refusal;
        m_refusal = refusal;
        m_resolving.clear();
        for (const QString &name : before)
            stopRelay(name);
        for (const StoredOutboxSource &s : std::as_const(m_sources)) {
            if (wanted(s))
                recordError(s.config.name, refusal);
        }
        if (!before.isEmpty())
            Q_EMIT runningChanged({});
        return;
    }
    m_refusal.clear();

    QHash<QString, OutboxConfig> desired;
    for (const StoredOutboxSource &s : std::as_const(m_sources)) {
        if (wanted(s))
            desired.insert(s.config.name, s.config);
    }
    for (const QString &name : before) {
        if (!desired.contains(name) || desired.value(name) != m_slots.at(name).config) {
            qCInfo(lcOutbox).noquote()
                << QStringLiteral("outbox source \"%1\": relay stopped (%2)")
                       .arg(name,
                           desired.contains(name) ? QStringLiteral("configuration changed")
                                                  : QStringLiteral("removed, paused or disabled"));
            stopRelay(name);
        }
    }
    for (auto it = m_resolving.begin(); it != m_resolving.end();) {
        // A resolution for a configuration no longer wanted is dropped when it answers.
        if (!desired.contains(it.key()))
            it = m_resolving.erase(it);
        else
            ++it;
    }
    for (auto it = desired.cbegin(); it != desired.cend(); ++it) {
        if (m_slots.find(it.key()) == m_slots.end() && !m_resolving.contains(it.key()))
            resolveAndStart(it.value());
    }
    if (running() != before)
        Q_EMIT runningChanged(running());
}

void OutboxRelays::resolveAndStart(const OutboxConfig &config)
{
    if (config.driver != OutboxDriver::Postgres || config.password.isEmpty()) {
        startRelay(config, {});
        return;
    }
    auto ref = SecretRef::parse(config.password);
    if (!ref) {
        recordError(config.name,
            QStringLiteral("outbox source \"%1\": database.password: %2")
                .arg(config.name, ref.error().message));
        return;
    }
    const quint64 sequence = ++m_sequence;
    m_resolving.insert(config.name, sequence);
    m_resolver->resolve(*ref, this, [this, config, sequence](const Result<QByteArray> &secret) {
        if (m_resolving.value(config.name) != sequence)
            return;
        m_resolving.remove(config.name);
        const auto current = std::find_if(m_sources.cbegin(), m_sources.cend(),
            [&](const StoredOutboxSource &s) { return s.config.name == config.name; });
        if (!m_running || !m_refusal.isEmpty() || current == m_sources.cend() || !wanted(*current)
            || m_slots.find(config.name) != m_slots.end())
            return;
        if (current->config != config) {
            // Changed while its password was being read: start over with the new one.
            resolveAndStart(current->config);
            return;
        }
        if (!secret) {
            const QString error
                = QStringLiteral("outbox source \"%1\": database.password: %2; tried again in %3")
                      .arg(config.name, secret.error().message, duration(m_options.secretRetryMs));
            qCWarning(lcOutbox).noquote() << error;
            recordError(config.name, error);
            m_secretRetry.start();
            return;
        }
        startRelay(config, *secret);
        Q_EMIT runningChanged(running());
    });
}

void OutboxRelays::startRelay(const OutboxConfig &config, const QByteArray &password)
{
    Slot slot;
    slot.config = config;
    slot.generation = ++m_sequence;
    slot.thread = std::make_unique<QThread>();
    slot.thread->setObjectName(QStringLiteral("tandem-outbox-") + config.name);
    auto *relay = new OutboxRelay(config, password, m_options.relay);
    relay->moveToThread(slot.thread.get());
    connect(slot.thread.get(), &QThread::started, relay, &OutboxRelay::start);
    connect(slot.thread.get(), &QThread::finished, relay, &QObject::deleteLater);
    const QString name = config.name;
    const quint64 generation = slot.generation;
    connect(relay, &OutboxRelay::enqueueRequested, this,
        [this, name, generation](quint64 batch, const QList<NewMessage> &messages) {
            handleEnqueueRequest(name, generation, batch, messages);
        });
    connect(relay, &OutboxRelay::progressed, this,
        [this, name, generation](const OutboxProgress &progress) {
            const auto it = m_slots.find(name);
            if (it == m_slots.end() || it->second.generation != generation)
                return;
            record(name, progress);
            Q_EMIT progressed(name, progress);
        });
    slot.relay = relay;
    slot.thread->start();
    m_slots[name] = std::move(slot);
    qCInfo(lcOutbox).noquote() << QStringLiteral("outbox source \"%1\": relay started (%2 %3)")
                                      .arg(
                                          name, outboxDriverName(config.driver), config.location());
}

void OutboxRelays::stopRelay(const QString &name)
{
    const auto it = m_slots.find(name);
    if (it == m_slots.end())
        return;
    Slot slot = std::move(it->second);
    m_slots.erase(it);
    // From here on nothing reaches the old relay, and nothing it says is recorded: a new relay of
    // the same name may already be running.
    disconnect(slot.relay, nullptr, this, nullptr);
    slot.thread->quit();
    // The thread may be inside a query (bounded by the source's timeouts): it is joined when it
    // finishes, or at the latest by stop(), rather than blocking this thread now.
    QThread *thread = slot.thread.release();
    const quint64 generation = slot.generation;
    m_retiring.insert(thread, generation);
    connect(thread, &QThread::finished, this, [this, thread] {
        if (!m_retiring.contains(thread))
            return; // stop() joined and deleted it already
        m_retiring.remove(thread);
        thread->wait();
        delete thread;
    });
}

void OutboxRelays::handleEnqueueRequest(
    const QString &name, quint64 generation, quint64 batch, const QList<NewMessage> &messages)
{
    QPointer<OutboxRelays> self(this);
    m_engine.enqueue(
        messages, &m_engine, [self, name, generation, batch](const Result<QStringList> &result) {
            // Relays are deleted only after their slot is gone, and both happen on this thread:
            // a relay found here is alive.
            if (!self)
                return;
            const auto it = self->m_slots.find(name);
            if (it == self->m_slots.end() || it->second.generation != generation)
                return;
            OutboxRelay *relay = it->second.relay;
            QMetaObject::invokeMethod(
                relay, [relay, batch, result] { relay->handleEnqueued(batch, result); },
                Qt::QueuedConnection);
        });
}

void OutboxRelays::record(const QString &name, const OutboxProgress &progress)
{
    if (!m_engine.isRunning())
        return;
    // A source polled often and found empty would otherwise cost the store a write each time;
    // the time of the last read may lag by a second.
    Recorded &last = m_recorded[name];
    const bool routine = progress.relayed == 0 && progress.error.isEmpty() && !last.hadError;
    if (routine && progress.atMs - last.atMs < RoutineRecordMs)
        return;
    last = { progress.atMs, !progress.error.isEmpty() };
    // Bookkeeping for status: lost in a power cut at worst, so not worth a sync of its own.
    m_engine.store().post<void>(
        &m_engine, [name, progress](Store &s) { return s.recordOutboxProgress(name, progress); },
        [name](const Result<void> &r) {
            if (!r)
                qCWarning(lcOutbox).noquote()
                    << QStringLiteral("recording the state of outbox source \"%1\": %2")
                           .arg(name, r.error().message);
        },
        StoreThread::Commit::Lazy);
}

void OutboxRelays::recordError(const QString &name, const QString &error)
{
    OutboxProgress p;
    p.atMs = nowMs();
    p.error = error;
    record(name, p);
    Q_EMIT progressed(name, p);
}

} // namespace Tandem
