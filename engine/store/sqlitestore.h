// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include "engine/store/store.h"

namespace Tandem {

/// The Store on an SQLite file through Qt Sql: WAL, synchronous=FULL (a committed message
/// survives power loss), busy timeout for other processes sharing the file, schema versioned
/// with PRAGMA user_version and migrated on open.
///
/// Thread: bound to the thread that called open(); use it only there.
/// Errors: open() refuses a file that is not a Tandem store, is corrupt, has a newer schema, or
/// cannot be written, naming the file and the reason.
class SqliteStore final : public Store
{
public:
    static constexpr int SchemaVersion = 7;

    static Result<std::unique_ptr<SqliteStore>> open(const QString &path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore &) = delete;
    SqliteStore &operator=(const SqliteStore &) = delete;

    QString path() const;

    Result<void> beginBatch(bool durable = true) override;
    Result<void> commitBatch() override;
    void rollbackBatch() override;

    Result<QList<StoredTarget>> targets() override;
    Result<qint64> addTarget(const TargetConfig &config) override;
    Result<void> updateTarget(const TargetConfig &config) override;
    Result<void> removeTarget(const QString &name) override;
    Result<void> importTargets(const QList<TargetConfig> &configs) override;
    Result<qint64> configVersion() override;

    Result<QStringList> enqueue(const QList<NewMessage> &messages, qint64 nowMs) override;
    Result<void> setIdempotencyWindow(qint64 ms) override;
    Result<qint64> idempotencyWindow() override;
    Result<QString> ingestTokenReference() override;
    Result<void> setIngestTokenReference(const QString &reference) override;
    Result<ClaimBatch> claim(qint64 targetId, int max, qint64 nowMs,
        Ordering ordering = Ordering::None, DeadKeyPolicy onDead = DeadKeyPolicy::Block) override;
    Result<void> setPaused(const QString &name, bool paused) override;
    Result<void> setBacklogLimits(const BacklogLimits &limits) override;
    Result<BacklogLimits> backlogLimits() override;
    Result<bool> updateBacklogState(qint64 waitingDeliveries) override;
    Result<void> requestBreakerReset(const QString &name, qint64 nowMs) override;
    Result<void> recordBreakerTransition(qint64 targetId, const BreakerTransition &t) override;
    Result<void> recordMetrics(const QList<MetricsSnapshot> &snapshots, qint64 nowMs) override;
    Result<QHash<QString, QJsonObject>> latestMetrics() override;
    Result<QList<MetricsPoint>> metricsHistory(
        const QString &target, qint64 fromMs, qint64 toMs, qint64 nowMs) override;
    Result<QList<BreakerTransition>> breakerHistory(
        const QString &target, qint64 fromMs, qint64 toMs) override;
    Result<void> recordAttempts(const QList<AttemptRecord> &records, qint64 nowMs) override;
    Result<int> requeueInFlight(qint64 nowMs) override;

    Result<QList<TargetCounts>> counts() override;
    Result<QList<DeadLetter>> deadLetters(const DeadLetterSelection &selection) override;
    Result<QList<DeadLetter>> findDeadLetters(const DeadLetterQuery &query) override;
    Result<qint64> countDeadLetters(const DeadLetterQuery &query) override;
    Result<QList<DeadLetterGroup>> deadLetterGroups(const DeadLetterQuery &query) override;
    Result<QList<qint64>> replayChunk(
        const DeadLetterQuery &query, qint64 afterDeliveryId, int max, qint64 nowMs) override;
    Result<QHash<qint64, DeliveryState>> deliveryStates(const QList<qint64> &ids) override;
    Result<int> replay(const DeadLetterSelection &selection, qint64 nowMs) override;
    Result<int> discard(const DeadLetterSelection &selection, qint64 nowMs) override;
    Result<MessageView> message(const QString &messageId) override;
    Result<QStringList> messageIdsForKey(const QByteArray &key, int limit) override;
    Result<int> editAndReplay(
        qint64 deliveryId, const QByteArray &payload, const QString &reason, qint64 nowMs) override;
    Result<QList<PayloadVersion>> payloadVersions(qint64 deliveryId) override;

    Result<QList<StoredOutboxSource>> outboxSources() override;
    Result<void> addOutboxSource(const OutboxConfig &config) override;
    Result<void> updateOutboxSource(const OutboxConfig &config) override;
    Result<void> removeOutboxSource(const QString &name) override;
    Result<void> setOutboxSourcePaused(const QString &name, bool paused) override;
    Result<qint64> outboxVersion() override;
    Result<void> recordOutboxProgress(const QString &name, const OutboxProgress &p) override;

    class Private; // implementation detail, public only for the helpers in the .cpp

private:
    explicit SqliteStore(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace Tandem
