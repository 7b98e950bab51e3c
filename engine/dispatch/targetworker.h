// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>

#include "engine/core/delivery.h"
#include "engine/dispatch/adaptiveconcurrency.h"
#include "engine/dispatch/circuitbreaker.h"
#include "engine/dispatch/replyclassifier.h"
#include "engine/dispatch/requesttemplate.h"
#include "engine/dispatch/retrybudget.h"
#include "engine/dispatch/tokenbucket.h"
#include "engine/metrics/targetmetrics.h"
#include "engine/secrets/targetcredentials.h"
#include "engine/store/store.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace Tandem {

class OAuthTokenClient;
class StoreThread;

/// Delivers one target's deliveries: claims due ones from the store in batches, keeps up to the
/// target's concurrency limit in flight, and records each outcome. One worker per target, each on
/// its own thread with its own network managers, is the bulkhead that keeps a slow or failing
/// target from touching another's connections, timers or queue.
///
/// Thread: created on the engine's thread, then moved to its own thread
/// ("tandem-target-<name>"); every slot runs there. The StoreThread must outlive the worker.
///
/// Concurrency: Qt 6.4 gives a QNetworkAccessManager at most 6 HTTP/1.1 connections per host, so
/// for HTTP/1.1 the worker spreads requests over ceil(limit / 6) managers; over HTTP/2 one
/// manager multiplexes the whole limit on one connection.
///
/// Credentials: the engine resolves the target's secrets and hands them over with the
/// configuration. While they are missing (not set, keychain locked) or unusable (a TLS file
/// that cannot be read), the worker holds: it claims nothing and reports why in its metrics
/// (`held`), so nothing goes out unauthenticated and nothing is lost.
class TargetWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetWorker)

public:
    TargetWorker(const StoredTarget &target, const TargetCredentials &credentials,
        StoreThread &store, int idlePollMs, QObject *parent = nullptr);
    ~TargetWorker() override;

    QString name() const { return m_target.config.name; }

public Q_SLOTS:
    void start();
    /// Applies a changed configuration; requests in flight finish under the old one. A newer
    /// breaker reset request than the last one handled resets the breaker.
    void applyTarget(
        const Tandem::StoredTarget &target, const Tandem::TargetCredentials &credentials);
    /// Deliveries may have become due (new messages, replays): claim now instead of at the
    /// next poll.
    void wake();
    /// Stops claiming, lets in-flight requests finish for up to `timeoutMs`, cancels the rest
    /// (they go back to pending, not counted as attempts), writes every outcome and then emits
    /// drained().
    void drain(int timeoutMs);

Q_SIGNALS:
    /// Outcomes, after they are committed to the store; batched, never one signal per delivery.
    void attemptsRecorded(const QString &target, const QList<Tandem::AttemptRecord> &records);
    void drained(const QString &target);
    /// This target's figures, once a second (pending counts come from the engine).
    void metricsUpdated(const Tandem::MetricsSnapshot &snapshot);
    /// Every circuit-breaker state change, as it happens (also recorded in the store).
    void breakerTransition(const QString &target, const Tandem::BreakerTransition &transition);

private:
    struct Manager
    {
        QNetworkAccessManager *nam = nullptr;
        int inFlight = 0;
        bool http2 = false; ///< this manager's connection was seen to speak HTTP/2
        bool retired = false; ///< takes no new requests, deleted when idle
        int requestsHanded = 0;
    };
    struct InFlight
    {
        ClaimedDelivery delivery;
        Manager *manager = nullptr;
        QElapsedTimer timer;
        qint64 startedAtMs = 0;
        qint64 connectStartedAtMs = 0; ///< 0 unless a new connection is being opened for it
        QByteArray excerpt;
        AbortReason abort = AbortReason::None;
        bool requestSent = false;
        TargetConfig config; ///< the configuration this attempt runs under
        QByteArray traceparent;
        quint64 oauthGeneration = 0; ///< the OAuth token it carried
        QStringList tlsErrors;
    };

    void pump();
    void requestClaim();
    void handleClaimed(const Result<ClaimBatch> &batch);
    void send(const ClaimedDelivery &d);
    Manager *pickManager();
    void handleReplyFinished(QNetworkReply *reply);
    void addRecord(AttemptRecord record);
    void flush();
    void handleFlushed(const QList<AttemptRecord> &records, const Result<void> &result);
    void abortReply(QNetworkReply *reply, AbortReason reason);
    void sweepDeadlines();
    void updateSweepInterval();
    void checkDrained();
    void releaseManager(Manager *m);
    int concurrencyLimit() const;
    /// Whether the next ready delivery may go out now (breaker, rate limit, retry budget);
    /// false stops sending until the gate timer or a reply calls pump() again.
    bool passGates(qint64 nowMs);
    void recordTransition(const BreakerTransition &t);
    void holdWhileOpen(qint64 nowMs);
    void retireManager(Manager *m);
    void handleConnectionFailure(Manager *m);
    bool multiplexes(const Manager &m) const;
    void rebuildRequestTemplate();
    bool isHeld() const { return !m_heldReason.isEmpty(); }
    void sendBackReady();
    /// OAuth targets: whether a token is at hand; if not, one is being fetched.
    bool haveToken(qint64 nowMs);
    void handleTokenFailed(const QString &message, bool permanent);
    /// An OAuth target answered 401: refresh the token and try once more at once.
    bool retryWithFreshToken(AttemptRecord &record, const InFlight &f, qint64 nowMs);
    int perManagerLimit(const Manager &m) const;

    StoredTarget m_target;
    StoreThread &m_store;
    const int m_idlePollMs;
    TargetCredentials m_credentials;
    RequestTemplate m_requestTemplate;
    QString m_heldReason; ///< why nothing is sent (credentials, TLS files); empty when sending
    OAuthTokenClient *m_oauth = nullptr; ///< OAuth targets only
    QSet<qint64> m_authRetried; ///< deliveries already retried once after a 401
    std::vector<std::unique_ptr<Manager>> m_managers;
    QHash<QNetworkReply *, InFlight> m_inFlight;
    std::deque<ClaimedDelivery> m_ready;
    QList<AttemptRecord> m_unflushed;
    QTimer m_claimTimer;
    QTimer m_gateTimer; ///< wakes pump() when the breaker reopens or a token is due
    CircuitBreaker m_breaker;
    TokenBucket m_rateLimit;
    AdaptiveConcurrency m_adaptive;
    RetryBudget m_retryBudget;
    qint64 m_resetHandledAtMs = 0;
    TargetMetrics m_metrics;
    QTimer m_metricsTimer;
    QTimer m_deadlineSweep;
    QTimer m_retryFlushTimer;
    QRandomGenerator m_rng;
    bool m_claimOutstanding = false;
    bool m_flushOutstanding = false;
    bool m_draining = false;
    bool m_drainedSignalled = false;
};

} // namespace Tandem
