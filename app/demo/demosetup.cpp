// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/demo/demosetup.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include "app/demo/simulatedhttpserver.h"
#include "engine/dispatch/engine.h"
#include "engine/store/sqlitestore.h"

Q_LOGGING_CATEGORY(lcDemo, "tandem.demo")

namespace Tandem::Demo {

namespace {

constexpr int TickMs = 100;
constexpr int OutageEveryMs = 40'000;
constexpr int OutageLengthMs = 10'000;

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

} // namespace

DemoSetup::DemoSetup(QObject *parent)
    : QObject(parent)
    , m_trafficTimer(this)
    , m_outageTimer(this)
    , m_rng(QRandomGenerator::securelySeeded())
{
    m_inventory = new SimulatedHttpServer(
        [this](const HttpExchange &) {
            SimulatedResponse r;
            r.delayMs = 2 + int(m_rng.bounded(8));
            r.body = json({ { QStringLiteral("reserved"), true } });
            return r;
        },
        this);
    m_logistics = new SimulatedHttpServer(
        [this](const HttpExchange &e) {
            SimulatedResponse r;
            r.delayMs = 40 + int(m_rng.bounded(80));
            const quint32 roll = m_rng.bounded(100);
            if (roll < 15) {
                r.status = 503;
                r.body = json(
                    { { QStringLiteral("error"), QStringLiteral("overloaded, try again") } });
                if (roll < 5)
                    r.headers.append({ QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1") });
            } else if (roll < 17 && e.header("X-Tandem-Attempt") == "1") {
                r.status = 422;
                r.body = json(
                    { { QStringLiteral("error"), QStringLiteral("unknown delivery address") } });
            } else {
                r.status = 201;
                r.body = json({ { QStringLiteral("shipment"), QStringLiteral("scheduled") } });
            }
            return r;
        },
        this);
    m_inventory->setRecording(false);
    m_logistics->setRecording(false);
    connect(&m_trafficTimer, &QTimer::timeout, this, &DemoSetup::sendOrders);
    connect(&m_outageTimer, &QTimer::timeout, this, &DemoSetup::toggleOutage);
}

DemoSetup::~DemoSetup() = default;

Result<void> DemoSetup::prepare(SqliteStore &store)
{
    if (m_inventory->listen() == 0 || (m_logisticsPort = m_logistics->listen()) == 0)
        return fail(Error::io(tr("cannot listen on 127.0.0.1 for the simulated targets")));
    auto inventory = TargetConfig::fromJson({
        { QStringLiteral("name"), QStringLiteral("inventory") },
        { QStringLiteral("url"), m_inventory->url(QStringLiteral("/v1/reservations")).toString() },
        { QStringLiteral("headers"),
            QJsonObject { { QStringLiteral("X-Team"), QStringLiteral("demo") } } },
        { QStringLiteral("concurrency"), 16 },
    });
    auto logistics = TargetConfig::fromJson({
        { QStringLiteral("name"), QStringLiteral("logistics") },
        { QStringLiteral("url"), m_logistics->url(QStringLiteral("/v1/shipments")).toString() },
        { QStringLiteral("concurrency"), 32 },
        { QStringLiteral("timeouts"),
            QJsonObject {
                { QStringLiteral("connect_ms"), 1000 }, { QStringLiteral("attempt_ms"), 2000 } } },
        // Sized for a demo: the breaker trips within seconds of an outage and probes again
        // after 5 s, so a newcomer sees it open and recover within a minute.
        { QStringLiteral("breaker"),
            QJsonObject { { QStringLiteral("window_size"), 20 },
                { QStringLiteral("minimum_calls"), 10 }, { QStringLiteral("open_ms"), 5000 },
                { QStringLiteral("half_open_probes"), 3 } } },
        { QStringLiteral("retry"),
            QJsonObject { { QStringLiteral("max_attempts"), 5 },
                { QStringLiteral("base_delay_ms"), 250 }, { QStringLiteral("multiplier"), 2.0 },
                { QStringLiteral("max_delay_ms"), 4000 },
                { QStringLiteral("jitter"), QStringLiteral("full") } } },
    });
    if (!inventory)
        return fail(inventory.error());
    if (!logistics)
        return fail(logistics.error());
    if (auto r = store.importTargets({ *inventory, *logistics }); !r)
        return r;
    qCInfo(lcDemo).noquote() << "simulated targets: inventory at" << m_inventory->url().toString()
                             << "(fast, healthy), logistics at" << m_logistics->url().toString()
                             << "(slow, 15% 503, 2% 422, down 10 s every 40 s)";
    m_outageTimer.start(OutageEveryMs - OutageLengthMs);
    return {};
}

void DemoSetup::startTraffic(Engine &engine, int messagesPerSecond)
{
    m_engine = &engine;
    m_perTick = std::max(1, messagesPerSecond * TickMs / 1000);
    m_trafficTimer.start(TickMs);
}

void DemoSetup::stopTraffic() { m_trafficTimer.stop(); }

void DemoSetup::toggleOutage()
{
    if (m_logistics->isListening()) {
        qCInfo(lcDemo) << "logistics goes down for" << OutageLengthMs / 1000 << "s";
        m_logistics->close();
        m_outageTimer.start(OutageLengthMs);
    } else {
        m_logistics->listen(m_logisticsPort);
        qCInfo(lcDemo) << "logistics is back";
        m_outageTimer.start(OutageEveryMs - OutageLengthMs);
    }
}

void DemoSetup::sendOrders()
{
    static const QStringList skus { QStringLiteral("CHAIR-OAK"), QStringLiteral("DESK-120"),
        QStringLiteral("LAMP-LED"), QStringLiteral("SHELF-3"), QStringLiteral("RUG-WOOL") };
    QList<NewMessage> batch;
    for (int i = 0; i < m_perTick; ++i) {
        ++m_orderNo;
        const QJsonObject order {
            { QStringLiteral("order_id"), QStringLiteral("ord-%1").arg(m_orderNo) },
            { QStringLiteral("sku"), skus.at(m_rng.bounded(int(skus.size()))) },
            { QStringLiteral("quantity"), 1 + int(m_rng.bounded(4)) },
            { QStringLiteral("customer"),
                QJsonObject { { QStringLiteral("id"), int(m_rng.bounded(5000)) } } },
        };
        batch.append(NewMessage { json(order), {}, {} });
    }
    m_engine->enqueue(batch, this, [](const Result<QStringList> &r) {
        if (!r)
            qCWarning(lcDemo) << "demo traffic not enqueued:" << r.error().message;
    });
}

} // namespace Tandem::Demo
