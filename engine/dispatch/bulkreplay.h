// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

#include "engine/store/store.h"

namespace Tandem {

class Engine;
struct RateLimit;

/// How far a bulk replay has come.
struct BulkReplayProgress
{
    qint64 total = 0; ///< dead letters that matched when the run started
    qint64 replayed = 0; ///< put back to pending so far
    qint64 delivered = 0; ///< of those, delivered
    qint64 failedAgain = 0; ///< of those, dead (or discarded) again

    bool operator==(const BulkReplayProgress &) const = default;
};

/// "Replay all matching": replays every dead letter that matches a query (not only a page of
/// it), paced by each target and in per-key order. Per target, it releases a chunk of the
/// oldest matching dead letters (enqueue order; Store::replayChunk), sized to about two seconds
/// of the target's rate limit (at most MaxChunk), and releases the next chunk only once every
/// delivery of the previous one has left pending (delivered, or dead again). So an open
/// breaker, a paused target or a slow one holds the run instead of flooding its queue, and a
/// key's messages are released in the order they were enqueued. Dead letters that die after
/// the run started (including the ones it replayed) are not replayed again.
///
/// start() once; finished() is emitted exactly once: when nothing matching is left, on a store
/// error (failed() first), or at cancel(). Cancel stops releasing chunks; deliveries already
/// released stay pending and are delivered (or die again) as usual, unwatched.
///
/// Thread: the engine's thread (the application's main thread); no Widgets.
class BulkReplay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BulkReplay)

public:
    static constexpr int MaxChunk = 500;
    static constexpr int ChunkSeconds = 2;
    /// How often the states of a released chunk are read.
    static constexpr int PollMs = 100;

    /// The chunk for a target with this rate limit: ChunkSeconds' worth, 1 … MaxChunk.
    static int chunkSize(const RateLimit &limit);

    BulkReplay(Engine &engine, const DeadLetterQuery &query, QObject *parent = nullptr);
    ~BulkReplay() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    BulkReplayProgress progress() const { return m_progress; }

Q_SIGNALS:
    void progressChanged(const Tandem::BulkReplayProgress &progress);
    /// A chunk went back to pending: those rows have left the dead-letter queue.
    void chunkReleased(int count);
    void failed(const QString &message);
    void finished(const Tandem::BulkReplayProgress &progress, bool cancelled);

private:
    /// One target's share of the run.
    struct Lane
    {
        QString target;
        int chunk = 1;
        qint64 cursor = 0; ///< the last delivery id released
        QList<qint64> open; ///< released and not yet settled
        bool releasing = false;
        bool done = false; ///< nothing matching left
    };

    void handleStarted(const QList<Lane> &lanes, qint64 total);
    void release(int lane);
    void poll();
    void handleStates(const QHash<qint64, DeliveryState> &states);
    void releaseIdle();
    void finishIfDone();
    void finish(bool cancelled);
    void fail(const QString &message);

    Engine &m_engine;
    DeadLetterQuery m_query;
    QList<Lane> m_lanes;
    BulkReplayProgress m_progress;
    QTimer m_pollTimer;
    bool m_polling = false;
    bool m_running = false;
    bool m_started = false;
};

} // namespace Tandem
