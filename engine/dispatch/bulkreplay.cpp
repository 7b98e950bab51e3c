// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/bulkreplay.h"

#include <algorithm>
#include <cmath>

#include <QThread>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/dispatch/tokenbucket.h"
#include "engine/store/storethread.h"

namespace Tandem {

int BulkReplay::chunkSize(const RateLimit &limit)
{
    if (limit.isUnlimited())
        return MaxChunk;
    const double worth = std::ceil(limit.perSecond * ChunkSeconds);
    return int(std::clamp(worth, 1.0, double(MaxChunk)));
}

BulkReplay::BulkReplay(Engine &engine, const DeadLetterQuery &query, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_query(query)
{
    m_pollTimer.setInterval(PollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &BulkReplay::poll);
}

BulkReplay::~BulkReplay() = default;

void BulkReplay::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    // Only what is dead now: what the run replays and dies again must not be replayed again.
    const qint64 startedAt = nowMs();
    m_query.toMs = m_query.toMs > 0 ? std::min(m_query.toMs, startedAt + 1) : startedAt + 1;
    m_query.offset = 0;
    const DeadLetterQuery query = m_query;
    struct Plan
    {
        QList<Lane> lanes;
        qint64 total = 0;
    };
    m_engine.store().post<Plan>(
        this,
        [query](Store &s) -> Result<Plan> {
            auto targets = s.targets();
            if (!targets)
                return Tandem::fail(targets.error());
            auto total = s.countDeadLetters(query);
            if (!total)
                return Tandem::fail(total.error());
            Plan plan;
            plan.total = *total;
            const QString only = query.fingerprint ? query.fingerprint->target : query.target;
            for (const StoredTarget &t : *targets) {
                if (!only.isEmpty() && t.config.name != only)
                    continue;
                Lane lane;
                lane.target = t.config.name;
                lane.chunk = chunkSize(t.config.rateLimit);
                plan.lanes.append(lane);
            }
            return plan;
        },
        [this](Result<Plan> r) {
            if (!r) {
                fail(r.error().message);
                return;
            }
            handleStarted(r->lanes, r->total);
        },
        StoreThread::Commit::Lazy);
}

void BulkReplay::handleStarted(const QList<Lane> &lanes, qint64 total)
{
    if (!m_running)
        return; // cancelled meanwhile
    m_lanes = lanes;
    m_progress.total = total;
    Q_EMIT progressChanged(m_progress);
    if (total == 0) {
        finish(false);
        return;
    }
    m_pollTimer.start();
    releaseIdle();
}

void BulkReplay::releaseIdle()
{
    for (int i = 0; i < m_lanes.size(); ++i) {
        const Lane &lane = m_lanes.at(i);
        if (!lane.done && !lane.releasing && lane.open.isEmpty())
            release(i);
    }
    finishIfDone();
}

void BulkReplay::release(int index)
{
    Lane &lane = m_lanes[index];
    lane.releasing = true;
    DeadLetterQuery query = m_query;
    query.target = lane.target;
    const qint64 after = lane.cursor;
    const int max = lane.chunk;
    m_engine.store().post<QList<qint64>>(
        this,
        [query, after, max](Store &s) -> Result<QList<qint64>> {
            return s.replayChunk(query, after, max, nowMs());
        },
        [this, index](Result<QList<qint64>> r) {
            if (!m_running)
                return;
            Lane &lane = m_lanes[index];
            lane.releasing = false;
            if (!r) {
                fail(r.error().message);
                return;
            }
            if (r->isEmpty()) {
                lane.done = true;
                finishIfDone();
                return;
            }
            lane.open = *r;
            lane.cursor = r->last();
            m_progress.replayed += r->size();
            m_engine.wakeWorkers();
            Q_EMIT chunkReleased(int(r->size()));
            Q_EMIT progressChanged(m_progress);
        },
        StoreThread::Commit::Durable);
}

void BulkReplay::poll()
{
    if (m_polling || !m_running)
        return;
    QList<qint64> open;
    for (const Lane &lane : std::as_const(m_lanes))
        open += lane.open;
    if (open.isEmpty())
        return;
    m_polling = true;
    m_engine.store().post<QHash<qint64, DeliveryState>>(
        this, [open](Store &s) { return s.deliveryStates(open); },
        [this](Result<QHash<qint64, DeliveryState>> r) {
            m_polling = false;
            if (!m_running)
                return;
            if (!r) {
                fail(r.error().message);
                return;
            }
            handleStates(*r);
        },
        StoreThread::Commit::Lazy);
}

void BulkReplay::handleStates(const QHash<qint64, DeliveryState> &states)
{
    const BulkReplayProgress before = m_progress;
    for (Lane &lane : m_lanes) {
        lane.open.removeIf([&](qint64 id) {
            // A delivery gone from the store has left pending too.
            const DeliveryState state = states.value(id, DeliveryState::Discarded);
            switch (state) {
            case DeliveryState::Delivered:
                ++m_progress.delivered;
                return true;
            case DeliveryState::Dead:
            case DeliveryState::Discarded:
                ++m_progress.failedAgain;
                return true;
            default:
                return false;
            }
        });
    }
    if (m_progress != before)
        Q_EMIT progressChanged(m_progress);
    releaseIdle();
}

void BulkReplay::finishIfDone()
{
    if (!m_running)
        return;
    const bool done = std::all_of(m_lanes.cbegin(), m_lanes.cend(),
        [](const Lane &l) { return l.done && l.open.isEmpty() && !l.releasing; });
    if (done)
        finish(false);
}

void BulkReplay::cancel()
{
    if (m_running)
        finish(true);
}

void BulkReplay::fail(const QString &message)
{
    Q_EMIT failed(message);
    finish(false);
}

void BulkReplay::finish(bool cancelled)
{
    if (!m_running)
        return;
    m_running = false;
    m_pollTimer.stop();
    Q_EMIT finished(m_progress, cancelled);
}

} // namespace Tandem
