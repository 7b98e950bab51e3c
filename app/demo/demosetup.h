// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include "engine/core/error.h"

namespace Tandem {
class Engine;
class SqliteStore;
}

namespace Tandem::Demo {

class SimulatedHttpServer;

/// The newcomer's demo (`tandem serve --demo`): two simulated target APIs on 127.0.0.1 — "inventory",
/// fast and healthy, and "logistics", slower, answering 503 now and then, rejecting a few orders
/// with 422 and going down for 10 s every 40 s — configured as the targets of the data directory,
/// plus a traffic generator. Within a minute it shows dispatch, retries and dead letters.
///
/// Thread: the main thread (the simulated servers and the generator run on its event loop).
class DemoSetup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSetup)

public:
    explicit DemoSetup(QObject *parent = nullptr);
    ~DemoSetup() override;

    /// Starts the simulated targets and writes them into the store as its targets.
    Result<void> prepare(SqliteStore &store);
    /// Starts feeding `messagesPerSecond` orders into the engine.
    void startTraffic(Engine &engine, int messagesPerSecond);
    void stopTraffic();

private:
    void toggleOutage();
    void sendOrders();

    SimulatedHttpServer *m_inventory = nullptr;
    SimulatedHttpServer *m_logistics = nullptr;
    Engine *m_engine = nullptr;
    QTimer m_trafficTimer;
    QTimer m_outageTimer;
    QRandomGenerator m_rng;
    int m_perTick = 1;
    qint64 m_orderNo = 0;
    quint16 m_logisticsPort = 0;
};

} // namespace Tandem::Demo
