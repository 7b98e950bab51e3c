// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "engine/core/delivery.h"
#include "engine/core/error.h"
#include "engine/core/targetconfig.h"
#include "engine/ingest/outboxconfig.h"
#include "engine/metrics/metricssnapshot.h"

namespace Tandem {

/// A message as a producer hands it over.
struct NewMessage
{
    QByteArray payload = {}; ///< JSON, validated by the caller
    QByteArray idempotencyKey = {}; ///< empty: the message id is used
    QByteArray partitionKey = {};
    /// The producer's W3C traceparent, if it sent one: its trace id becomes the message's, so
    /// every attempt is a span of the producer's trace. Invalid values are refused by enqueue.
    QByteArray traceparent = {};
};

struct StoredTarget
{
    qint64 id = 0;
    TargetConfig config;
    bool paused = false; ///< held by an operator: its deliveries wait, nothing is dropped
    qint64 breakerResetRequestedAtMs = 0; ///< the last operator reset, for the engine to act on
    QString lastBreakerState; ///< the state the running engine last recorded ("" if none)
};

/// A batch of claimed deliveries, plus when the next one not yet due becomes due.
struct ClaimBatch
{
    QList<ClaimedDelivery> deliveries;
    std::optional<qint64> nextDueAtMs;
};

/// Delivery counts of one target, as `tandem status` shows them.
struct TargetCounts
{
    QString target;
    qint64 pending = 0; ///< pending + retry_wait
    qint64 retryWait = 0;
    qint64 inFlight = 0;
    qint64 delivered = 0;
    qint64 dead = 0;
    qint64 discarded = 0;
    std::optional<qint64> oldestPendingCreatedAtMs;
};

struct DeadLetter
{
    qint64 deliveryId = 0;
    QString messageId;
    QString target;
    qint64 deadAtMs = 0;
    int attempts = 0;
    int lastStatus = 0;
    QString lastError;
    QString reason;

    bool operator==(const DeadLetter &) const = default;
};

/// Which deliveries a dead-letter command applies to. Empty messageIds with all=false selects none.
struct DeadLetterSelection
{
    QStringList messageIds;
    QString target; ///< empty: every target
    bool all = false;
    int limit = 1000; ///< for listing only
};

/// What dead letters failing the same way share: the target, the error class and HTTP status of
/// the last attempt, and its error text normalised (normaliseErrorText()), so an operator acts on
/// "billing · 401 · authentication failed" instead of on each of its rows.
struct DeadLetterFingerprint
{
    QString target;
    QString errorClass; ///< errorClassName() of the last attempt; empty if it has none
    int status = 0; ///< last HTTP status; 0 when no HTTP answer came
    QString text; ///< the last error, normalised

    bool operator==(const DeadLetterFingerprint &) const = default;
};

/// One fingerprint group of the dead-letter queue (Store::deadLetterGroups).
struct DeadLetterGroup
{
    DeadLetterFingerprint fingerprint;
    qint64 count = 0;
    qint64 firstSeenMs = 0; ///< the earliest dead-at among its dead letters
    qint64 lastSeenMs = 0; ///< the latest
    QString example; ///< one raw last error of the group, for a tooltip

    bool operator==(const DeadLetterGroup &) const = default;
};

/// A filtered, sorted page of the dead-letter queue, as the console browses it: the store
/// filters and sorts, so a view over 100,000 dead letters reads only the rows it shows.
struct DeadLetterQuery
{
    enum class SortKey { DeadAt, MessageId, Target, Attempts, LastStatus };

    QString target; ///< empty: every target
    int status = 0; ///< last HTTP status; 0: any
    QString errorClass; ///< error class of the last attempt (errorClassName()); empty: any
    QString text; ///< case-insensitive, in the payload, message id or last error; empty: any
    qint64 fromMs = 0; ///< dead at or after; 0: no lower bound
    qint64 toMs = 0; ///< dead before; 0: no upper bound
    /// Only the dead letters of this group (with the other fields, which narrow it further).
    std::optional<DeadLetterFingerprint> fingerprint = {};
    SortKey sortBy = SortKey::DeadAt;
    bool descending = true;
    qint64 offset = 0;
    int limit = 500;

    bool operator==(const DeadLetterQuery &) const = default;
};

struct AttemptView
{
    int round = 0;
    int attemptNo = 0;
    qint64 startedAtMs = 0;
    qint64 latencyUs = 0;
    int status = 0;
    QString errorClass;
    QString error;
    QByteArray responseExcerpt;
    int payloadVersion = 1; ///< which version of the delivery's payload the attempt sent
    /// The Retry-After the answer carried, as the target sent it (the retry waited at most the
    /// policy's max_delay). Empty when it had none, and for attempts recorded before schema 7.
    std::optional<qint64> retryAfterMs = {};
};

/// One version of a delivery's payload. Version 1 is the producer's (kept as it came); every
/// operator edit (Store::editAndReplay) adds the next one, with why and what changed.
struct PayloadVersion
{
    int version = 1;
    QByteArray payload;
    QString reason; ///< the operator's; empty for version 1
    QString diff; ///< unified diff against the version before (payloadDiff()); empty for 1
    qint64 createdAtMs = 0; ///< for version 1, when the message was enqueued

    bool operator==(const PayloadVersion &) const = default;
};

struct DeliveryView
{
    qint64 deliveryId = 0;
    QString target;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    int round = 0;
    qint64 dueAtMs = 0;
    /// The delay before dueAtMs, as the last failed attempt chose it (backoff with jitter, or a
    /// Retry-After): the attempt was decided at dueAtMs − lastDelayMs. 0 when none is waiting.
    qint64 lastDelayMs = 0;
    qint64 updatedAtMs = 0;
    int lastStatus = 0;
    QString lastError;
    QString deadReason;
    QList<AttemptView> history;
    int payloadVersion = 1; ///< the version the next attempt sends
    /// Every version of this delivery's payload, oldest first (only version 1 if never edited).
    QList<PayloadVersion> payloadVersions;
};

struct MessageView
{
    QString id;
    QByteArray idempotencyKey;
    QByteArray partitionKey;
    QByteArray traceId;
    QByteArray payload;
    qint64 createdAtMs = 0;
    QList<DeliveryView> deliveries;
};

/// What an outbox relay reports after a pass over its source (OutboxRelay), for the store to
/// add to the source's state.
struct OutboxProgress
{
    qint64 atMs = 0;
    bool polled = false; ///< the source was read (its rows, or that it had none)
    qint64 relayed = 0; ///< rows enqueued and marked published in this pass
    QString lastRowId; ///< the last of them; empty when none
    QString error; ///< what stops the relay now; empty clears the recorded error
    bool backlogKnown = false; ///< whether the next two fields were measured in this pass
    qint64 backlog = 0; ///< unpublished rows left in the source
    std::optional<qint64> oldestUnpublishedAtMs; ///< created_at of the oldest of them
};

/// An outbox source as the store keeps it: its configuration, whether an operator holds it,
/// and what its relay last recorded.
struct StoredOutboxSource
{
    qint64 id = 0;
    OutboxConfig config;
    bool paused = false;
    qint64 relayed = 0; ///< rows relayed since the source was added
    std::optional<qint64> lastPollAtMs;
    std::optional<qint64> lastRelayedAtMs;
    QString lastRowId;
    QString lastError;
    std::optional<qint64> lastErrorAtMs;
    std::optional<qint64> backlog;
    std::optional<qint64> oldestUnpublishedAtMs;
};

/// Durable storage of messages, deliveries, attempts and targets.
///
/// Thread: an instance is bound to the thread that opened it (Qt Sql connections are) and must
/// only be used there; in the engine that is the store thread (StoreThread). Every method is one
/// atomic unit: inside beginBatch()/commitBatch() it nests in the batch (a failed method leaves
/// the batch as it was before the call), outside it commits on its own.
/// Errors: every failure is an Error naming what failed; nothing is half-applied.
class Store
{
public:
    virtual ~Store() = default;

    /// Group commit: the methods called between beginBatch() and commitBatch() share one
    /// transaction and one sync to disk. A batch that is not `durable` is not synced on its own
    /// (it reaches the disk with the next durable commit): for dispatch bookkeeping whose loss in
    /// a power cut only means a delivery is sent again, never for what a producer was promised.
    virtual Result<void> beginBatch(bool durable = true) = 0;
    virtual Result<void> commitBatch() = 0;
    virtual void rollbackBatch() = 0;

    // Targets
    virtual Result<QList<StoredTarget>> targets() = 0;
    virtual Result<qint64> addTarget(const TargetConfig &config) = 0;
    virtual Result<void> updateTarget(const TargetConfig &config) = 0;
    virtual Result<void> removeTarget(const QString &name) = 0;
    /// Asks the engine serving this store to reset the target's circuit breaker.
    virtual Result<void> requestBreakerReset(const QString &name, qint64 nowMs) = 0;
    /// Keeps the figures of every target: one row a second for the last hour, one a minute
    /// for eight days; older rows are removed, so the history stays bounded.
    virtual Result<void> recordMetrics(const QList<MetricsSnapshot> &snapshots, qint64 nowMs) = 0;
    /// Recorded figures of one target between two times, oldest first: one-second rows when the
    /// range lies within the last hour, one-minute rows otherwise (what the charts plot).
    struct MetricsPoint
    {
        qint64 atMs = 0;
        QJsonObject snapshot;
    };
    virtual Result<QList<MetricsPoint>> metricsHistory(
        const QString &target, qint64 fromMs, qint64 toMs, qint64 nowMs)
        = 0;
    /// Breaker transitions of one target between two times, oldest first (the charts shade
    /// the open periods).
    virtual Result<QList<BreakerTransition>> breakerHistory(
        const QString &target, qint64 fromMs, qint64 toMs)
        = 0;
    /// The latest recorded figures per target name (what `tandem status` shows).
    virtual Result<QHash<QString, QJsonObject>> latestMetrics() = 0;
    /// Records a breaker transition (history for operators and the console).
    virtual Result<void> recordBreakerTransition(qint64 targetId, const BreakerTransition &t) = 0;
    /// The backlog limit: enqueue refuses (Error::Overloaded, nothing stored) once more than
    /// `highWater` deliveries are waiting, and accepts again below `lowWater`.
    struct BacklogLimits
    {
        qint64 highWater = 10'000'000;
        qint64 lowWater = 8'000'000;
    };
    virtual Result<void> setBacklogLimits(const BacklogLimits &limits) = 0;
    /// The engine reports the waiting deliveries once a second: refusing starts at the
    /// high-water mark and ends at the low-water mark (kept in the store, so every producer
    /// agrees). Returns whether new messages are refused.
    virtual Result<bool> updateBacklogState(qint64 waitingDeliveries) = 0;
    virtual Result<BacklogLimits> backlogLimits() = 0;
    /// Holds (paused) or releases a target; changes the configuration version like an edit.
    virtual Result<void> setPaused(const QString &name, bool paused) = 0;
    /// Import: replaces the named targets and adds new ones; targets not in the list are kept.
    virtual Result<void> importTargets(const QList<TargetConfig> &configs) = 0;
    /// Grows on every target change, so an engine can notice changes made by another process.
    virtual Result<qint64> configVersion() = 0;

    // Messages and dispatch
    /// Stores the messages and one pending delivery per enabled target; returns the message ids
    /// in input order. Idempotent ingest: a message whose producer-given idempotency key was
    /// already enqueued within the idempotency window is not stored again, and the id of the
    /// original is returned in its place (also for a repeat within the same batch).
    virtual Result<QStringList> enqueue(const QList<NewMessage> &messages, qint64 nowMs) = 0;
    static constexpr qint64 DefaultIdempotencyWindowMs = 24 * 3600 * 1000;
    /// How long a producer's idempotency key is remembered (kept in the store for every
    /// producer; at least a second).
    virtual Result<void> setIdempotencyWindow(qint64 ms) = 0;
    virtual Result<qint64> idempotencyWindow() = 0;
    /// Where the ingest API's token is (a secret reference, never the token); empty if none yet.
    virtual Result<QString> ingestTokenReference() = 0;
    virtual Result<void> setIngestTokenReference(const QString &reference) = 0;
    /// Marks up to `max` due deliveries of the target in flight and returns them, oldest first.
    /// Under per-key ordering only the oldest undelivered delivery of each partition key is
    /// claimable (a dead one holds its key unless the policy skips it).
    virtual Result<ClaimBatch> claim(qint64 targetId, int max, qint64 nowMs,
        Ordering ordering = Ordering::None, DeadKeyPolicy onDead = DeadKeyPolicy::Block)
        = 0;
    /// Stores attempts and the states they lead to.
    virtual Result<void> recordAttempts(const QList<AttemptRecord> &records, qint64 nowMs) = 0;
    /// Crash recovery: deliveries left in flight by an engine that died go back to pending.
    virtual Result<int> requeueInFlight(qint64 nowMs) = 0;

    // Status and dead letters
    virtual Result<QList<TargetCounts>> counts() = 0;
    virtual Result<QList<DeadLetter>> deadLetters(const DeadLetterSelection &selection) = 0;
    /// One page of the dead letters matching the query, in its order (ties by delivery id).
    virtual Result<QList<DeadLetter>> findDeadLetters(const DeadLetterQuery &query) = 0;
    /// How many dead letters match the query's filter (its paging and order are ignored).
    virtual Result<qint64> countDeadLetters(const DeadLetterQuery &query) = 0;
    /// The dead letters matching the query's filter grouped by fingerprint, biggest group first
    /// (at most the query's limit of groups; its offset and order are ignored).
    virtual Result<QList<DeadLetterGroup>> deadLetterGroups(const DeadLetterQuery &query) = 0;
    /// Bulk replay, one chunk: puts back to pending up to `max` dead letters matching the query's
    /// filter whose delivery id is above `afterDeliveryId`, oldest first (enqueue order), as
    /// replay() does; returns their delivery ids in that order (empty: none left).
    virtual Result<QList<qint64>> replayChunk(
        const DeadLetterQuery &query, qint64 afterDeliveryId, int max, qint64 nowMs)
        = 0;
    /// The current state of each of these deliveries (ids that do not exist are left out).
    virtual Result<QHash<qint64, DeliveryState>> deliveryStates(const QList<qint64> &ids) = 0;
    /// Puts the selected dead deliveries back to pending: history kept, attempts counted afresh.
    virtual Result<int> replay(const DeadLetterSelection &selection, qint64 nowMs) = 0;
    /// Removes the selected dead deliveries from the dead-letter queue (kept as discarded).
    virtual Result<int> discard(const DeadLetterSelection &selection, qint64 nowMs) = 0;
    virtual Result<MessageView> message(const QString &messageId) = 0;
    /// Ids of the messages whose idempotency key is `key` (a producer's key, or the message id
    /// when the producer gave none), newest first, at most `limit`. Within the idempotency window
    /// a key names one message; an older message may carry it too. Empty when none does.
    virtual Result<QStringList> messageIdsForKey(const QByteArray &key, int limit) = 0;
    /// Edit and replay, audited: stores `payload` (valid JSON, kept compact) as the next version
    /// of the dead delivery's payload, with the operator's `reason` (required) and a diff against
    /// the current version, and puts that delivery alone back to pending, as replay() does; the
    /// message's other deliveries and the original payload are untouched. Returns the new
    /// version (a later replay() sends it too). Invalid, and nothing changed, when the payload is
    /// not JSON (naming line and column), the reason is empty, the payload is the current one or
    /// the delivery is not dead; NotFound for an unknown delivery.
    virtual Result<int> editAndReplay(
        qint64 deliveryId, const QByteArray &payload, const QString &reason, qint64 nowMs)
        = 0;
    /// Every version of the delivery's payload, oldest first; NotFound for an unknown delivery.
    virtual Result<QList<PayloadVersion>> payloadVersions(qint64 deliveryId) = 0;

    // Outbox sources (transactional-outbox tables that OutboxRelays relays into this store)
    virtual Result<QList<StoredOutboxSource>> outboxSources() = 0;
    /// Refuses a name in use (Invalid); changes the outbox version, like every method below but
    /// recordOutboxProgress().
    virtual Result<void> addOutboxSource(const OutboxConfig &config) = 0;
    /// Replaces the configuration of the source of that name; its state is kept.
    virtual Result<void> updateOutboxSource(const OutboxConfig &config) = 0;
    /// Forgets the source and its state; the messages relayed from it stay.
    virtual Result<void> removeOutboxSource(const QString &name) = 0;
    /// Holds (paused) or releases a source: a held source is not read.
    virtual Result<void> setOutboxSourcePaused(const QString &name, bool paused) = 0;
    /// Grows on every change of the outbox sources, so a running engine can follow them.
    virtual Result<qint64> outboxVersion() = 0;
    /// Adds a relay's progress to the source's state; a source removed meanwhile is ignored.
    virtual Result<void> recordOutboxProgress(const QString &name, const OutboxProgress &p) = 0;
};

} // namespace Tandem
