// SPDX-License-Identifier: GPL-3.0-or-later
// An engine on a temporary store for integration tests: configure targets from JSON, enqueue,
// look at a message's deliveries, stop. Header-only so that a test links only what it uses.
#pragma once

#include <memory>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "engine/dispatch/engine.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/storethread.h"

namespace Tandem::Testing {

inline TargetConfig targetConfig(const QJsonObject &json)
{
    auto c = TargetConfig::fromJson(json);
    if (!c)
        qFatal("target config: %s", qPrintable(c.error().message));
    return *c;
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
    options.storePath = storePath;
    if (options.configPollMs == EngineOptions {}.configPollMs)
        options.configPollMs = 100; // tests change targets and want the engine to follow quickly
    auto engine = std::make_unique<Engine>(std::move(options));
    if (auto started = engine->start(); !started)
        qFatal("engine: %s", qPrintable(started.error().message));
    return engine;
}

/// Enqueues one message per payload and returns their ids (empty on failure, with a warning).
inline QStringList enqueue(Engine &engine, const QList<QByteArray> &payloads, QObject *context)
{
    QList<NewMessage> batch;
    for (const QByteArray &p : payloads)
        batch.append(NewMessage { p });
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

inline MessageView messageView(Engine &engine, const QString &id)
{
    auto m = engine.store().call<MessageView>([id](Store &s) { return s.message(id); });
    if (!m)
        qFatal("message %s: %s", qPrintable(id), qPrintable(m.error().message));
    return *m;
}

/// The delivery of message `id` to `target` as the store has it now.
inline DeliveryView deliveryOf(Engine &engine, const QString &id, const QString &target)
{
    for (const DeliveryView &d : messageView(engine, id).deliveries) {
        if (d.target == target)
            return d;
    }
    qFatal("no delivery of %s to %s", qPrintable(id), qPrintable(target));
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
