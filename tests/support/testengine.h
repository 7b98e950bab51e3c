// SPDX-License-Identifier: GPL-3.0-or-later
// An engine on a temporary store for integration tests: the store in a ScratchDir, targets
// configured from JSON (testtargets.h), enqueue, look at a message's deliveries, stop.
// Header-only so that a test links only what it uses.
#pragma once

#include <memory>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "engine/dispatch/engine.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/storethread.h"
#include "tests/support/scratchdir.h"
#include "tests/support/testtargets.h"

namespace Tandem::Testing {

/// Starts an engine on the store at `storePath` as it is, as the console opens it after a restart.
inline std::unique_ptr<Engine> openEngine(const QString &storePath, EngineOptions options = {})
{
    options.storePath = storePath;
    if (options.configPollMs == EngineOptions {}.configPollMs)
        options.configPollMs = 100; // tests change targets and want the engine to follow quickly
    auto engine = std::make_unique<Engine>(std::move(options));
    if (auto started = engine->start(); !started)
        qFatal("engine: %s", qPrintable(started.error().message));
    return engine;
}

/// Stores `targets` in a new store at `storePath` and starts an engine on it.
inline std::unique_ptr<Engine> startEngine(
    const QString &storePath, const QList<TargetConfig> &targets, EngineOptions options = {})
{
    {
        auto store = SqliteStore::open(storePath);
        if (!store)
            qFatal("store: %s", qPrintable(store.error().message));
        if (!(*store)->importTargets(targets))
            qFatal("importing the targets failed");
    }
    return openEngine(storePath, std::move(options));
}

/// Enqueues `batch` and returns the messages' ids (empty on failure, with a warning).
inline QStringList enqueueMessages(Engine &engine, const QList<NewMessage> &batch, QObject *context)
{
    QStringList ids;
    bool done = false;
    engine.enqueue(batch, context, [&](const Result<QStringList> &r) {
        if (r)
            ids = *r;
        else
            qWarning("enqueue: %s", qPrintable(r.error().message));
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10'000))
        qWarning("enqueue did not finish");
    return ids;
}

/// Enqueues one message per payload and returns their ids (empty on failure, with a warning).
inline QStringList enqueue(Engine &engine, const QList<QByteArray> &payloads, QObject *context)
{
    QList<NewMessage> batch;
    for (const QByteArray &p : payloads)
        batch.append(NewMessage { p });
    return enqueueMessages(engine, batch, context);
}

/// Enqueues one message with Idempotency-Key `key` (empty: the message id) and returns its id
/// (empty on failure, with a warning).
inline QString enqueueOne(
    Engine &engine, const QByteArray &payload, const QByteArray &key, QObject *context)
{
    return enqueueMessages(engine, { NewMessage { payload, key } }, context).value(0);
}

inline MessageView messageView(Engine &engine, const QString &id)
{
    auto m = engine.store().call<MessageView>([id](Store &s) { return s.message(id); });
    if (!m)
        qFatal("message %s: %s", qPrintable(id), qPrintable(m.error().message));
    return *m;
}

/// The delivery of message `m` to `target`; a default one (no target) if `m` has none.
inline DeliveryView deliveryIn(const MessageView &m, const QString &target)
{
    for (const DeliveryView &d : m.deliveries) {
        if (d.target == target)
            return d;
    }
    return {};
}

/// The delivery of message `id` to `target` as the store has it now.
inline DeliveryView deliveryOf(Engine &engine, const QString &id, const QString &target)
{
    const DeliveryView d = deliveryIn(messageView(engine, id), target);
    if (d.target != target)
        qFatal("no delivery of %s to %s", qPrintable(id), qPrintable(target));
    return d;
}

/// Whether the store has `target` paused (false when it has no such target).
inline bool storedPaused(Engine &engine, const QString &target)
{
    auto targets = engine.store().call<QList<StoredTarget>>([](Store &s) { return s.targets(); });
    if (!targets)
        return false;
    for (const StoredTarget &t : *targets) {
        if (t.config.name == target)
            return t.paused;
    }
    return false;
}

inline bool stopEngine(Engine &engine)
{
    QSignalSpy stopped(&engine, &Engine::stopped);
    engine.stop(2000);
    return stopped.wait(10'000);
}

/// The latest metrics of `target`, or a default snapshot if it has none yet.
inline MetricsSnapshot metricsOf(const Engine &engine, const QString &target)
{
    for (const MetricsSnapshot &m : engine.metrics()) {
        if (m.target == target)
            return m;
    }
    return {};
}

} // namespace Tandem::Testing
