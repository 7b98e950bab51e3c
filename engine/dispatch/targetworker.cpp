// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/targetworker.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslError>
#include <QThread>

#include "engine/core/clock.h"
#include "engine/core/deliverypolicy.h"
#include "engine/core/ids.h"
#include "engine/dispatch/oauthtokenclient.h"
#include "engine/store/storethread.h"

Q_LOGGING_CATEGORY(lcDispatch, "tandem.dispatch")

namespace Tandem {

namespace {

constexpr int Http1ConnectionsPerManager = 6; // fixed inside Qt 6.4's QNetworkAccessManager
constexpr int MaxClaimBatch = 512;
constexpr int ExcerptBytes = 1024;
constexpr int FlushRetryMs = 1000;
// nginx closes an HTTP/2 connection with GOAWAY after 1,000 requests by default, and Qt 6.4
// then strands the requests queued on it. Moving to a fresh connection before that avoids it.
constexpr int MaxRequestsPerHttp2Connection = 900;

// A claimed delivery that goes back (Pending: due at once) or dead without a request sent.
AttemptRecord unattempted(const ClaimedDelivery &d, DeliveryState state)
{
    AttemptRecord r;
    r.deliveryId = d.deliveryId;
    r.messageId = d.messageId;
    r.round = d.round;
    r.attemptNo = d.attempts;
    r.payloadVersion = d.payloadVersion;
    r.attempted = false;
    r.newState = state;
    r.dueAtMs = nowMs();
    r.delayMs = d.lastDelayMs;
    return r;
}

} // namespace

TargetWorker::TargetWorker(const StoredTarget &target, const TargetCredentials &credentials,
    StoreThread &store, int idlePollMs, QObject *parent)
    : QObject(parent)
    , m_target(target)
    , m_store(store)
    , m_idlePollMs(idlePollMs)
    , m_credentials(credentials)
    , m_claimTimer(this)
    , m_gateTimer(this)
    , m_breaker(target.config.breaker)
    , m_rateLimit(target.config.rateLimit, nowMs())
    , m_adaptive(target.config.adaptiveConcurrency, target.config.concurrency)
    , m_retryBudget(target.config.retryBudget)
    , m_resetHandledAtMs(target.breakerResetRequestedAtMs)
    , m_metricsTimer(this)
    , m_deadlineSweep(this)
    , m_retryFlushTimer(this)
    , m_rng(QRandomGenerator::securelySeeded())
{
    m_claimTimer.setSingleShot(true);
    connect(&m_claimTimer, &QTimer::timeout, this, &TargetWorker::requestClaim);
    connect(&m_deadlineSweep, &QTimer::timeout, this, &TargetWorker::sweepDeadlines);
    m_metricsTimer.setInterval(1000);
    connect(&m_metricsTimer, &QTimer::timeout, this, [this] {
        const qint64 now = nowMs();
        m_metrics.setInFlight(int(m_inFlight.size()));
        m_metrics.setBreakerState(breakerStateName(m_breaker.state()));
        m_metrics.setConcurrencyLimit(concurrencyLimit());
        m_metrics.setHeldReason(m_heldReason);
        Q_EMIT metricsUpdated(m_metrics.snapshot(name(), now));
    });
    m_gateTimer.setSingleShot(true);
    m_gateTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_gateTimer, &QTimer::timeout, this, &TargetWorker::pump);
    updateSweepInterval();
    m_retryFlushTimer.setSingleShot(true);
    m_retryFlushTimer.setInterval(FlushRetryMs);
    connect(&m_retryFlushTimer, &QTimer::timeout, this, &TargetWorker::flush);
    rebuildRequestTemplate();
}

TargetWorker::~TargetWorker()
{
    // Replies are children of their managers; delete them before the map that refers to them.
    m_inFlight.clear();
}

void TargetWorker::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_metricsTimer.start();
    requestClaim();
}

void TargetWorker::applyTarget(const StoredTarget &target, const TargetCredentials &credentials)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const TargetConfig &config = target.config;
    const qint64 now = nowMs();
    m_breaker.setConfig(config.breaker);
    m_rateLimit.reconfigure(config.rateLimit.perSecond, config.rateLimit.burst, now);
    m_adaptive.setConfig(config.adaptiveConcurrency);
    m_adaptive.setMaximum(config.concurrency);
    m_retryBudget.setConfig(config.retryBudget);
    if (target.breakerResetRequestedAtMs > m_resetHandledAtMs) {
        m_resetHandledAtMs = target.breakerResetRequestedAtMs;
        if (auto t = m_breaker.reset(now))
            recordTransition(*t);
    }
    const bool transportChanged = config.url != m_target.config.url
        || config.http2 != m_target.config.http2 || config.tls != m_target.config.tls
        || credentials.clientKeyPem != m_credentials.clientKeyPem;
    m_target.config = config;
    m_credentials = credentials;
    rebuildRequestTemplate();
    updateSweepInterval();
    if (transportChanged) {
        // New requests go through fresh managers (fresh connections to the new address); the old
        // ones finish their replies and are deleted once idle.
        std::vector<Manager *> all;
        for (auto &m : m_managers)
            all.push_back(m.get());
        for (Manager *m : all)
            retireManager(m);
    }
    pump();
}

void TargetWorker::wake()
{
    if (!m_claimOutstanding && !m_draining) {
        m_claimTimer.stop();
        requestClaim();
    }
}

void TargetWorker::rebuildRequestTemplate()
{
    const QString wasHeld = m_heldReason;
    auto t = RequestTemplate::build(m_target.config, m_credentials);
    if (t)
        m_requestTemplate = *t;
    m_heldReason = !m_credentials.problem.isEmpty() ? m_credentials.problem
        : !t                                        ? t.error().message
                                                    : QString();
    if (m_target.config.auth.kind == AuthKind::OAuth2ClientCredentials) {
        if (!m_oauth) {
            m_oauth = new OAuthTokenClient(this);
            connect(m_oauth, &OAuthTokenClient::ready, this, &TargetWorker::pump);
            connect(m_oauth, &OAuthTokenClient::failed, this, &TargetWorker::handleTokenFailed);
        }
        // The token endpoint is trusted like the target: same CAs, same client certificate.
        m_oauth->configure(m_target.config.auth, m_credentials.authSecret,
            m_requestTemplate.base().sslConfiguration(), m_target.config.attemptTimeoutMs);
    } else if (m_oauth) {
        delete m_oauth;
        m_oauth = nullptr;
    }
    if (m_heldReason != wasHeld) {
        if (isHeld())
            qCWarning(lcDispatch).noquote() << name() << "holds its deliveries:" << m_heldReason;
        else if (!wasHeld.isEmpty())
            qCInfo(lcDispatch).noquote() << name() << "has its credentials again: sending";
    }
}

void TargetWorker::sendBackReady()
{
    while (!m_ready.empty()) {
        addRecord(unattempted(m_ready.front(), DeliveryState::Pending));
        m_ready.pop_front();
    }
}

bool TargetWorker::haveToken(qint64 now)
{
    if (!m_oauth || !m_oauth->token(now).isEmpty())
        return true;
    m_oauth->fetch();
    return false;
}

void TargetWorker::handleTokenFailed(const QString &message, bool permanent)
{
    qCWarning(lcDispatch).noquote() << name() << message;
    // The deliveries waiting for the token fail this attempt: a refused client secret dead-letters
    // them (retrying cannot help until an operator fixes it), an unreachable endpoint retries
    // them with the usual backoff.
    const qint64 now = nowMs();
    AttemptOutcome outcome;
    outcome.errorClass = permanent ? ErrorClass::Http4xx : ErrorClass::Connection;
    outcome.error = message;
    outcome.permanent = permanent;
    outcome.startedAtMs = now;
    while (!m_ready.empty()) {
        addRecord(
            DeliveryPolicy::decide(m_ready.front(), outcome, m_target.config.retry, now, m_rng));
        m_ready.pop_front();
    }
    pump();
}

bool TargetWorker::retryWithFreshToken(AttemptRecord &record, const InFlight &f, qint64 now)
{
    const qint64 id = f.delivery.deliveryId;
    if (!m_oauth || record.outcome.httpStatus != 401 || m_authRetried.contains(id)
        || record.attemptNo >= f.config.retry.maxAttempts)
        return false;
    // The token may have been revoked or expired early: one fresh token, one more try. A burst
    // of 401s to the same token refreshes it once (the generation check).
    m_oauth->invalidate(f.oauthGeneration);
    if (m_authRetried.size() > 100'000)
        m_authRetried.clear();
    m_authRetried.insert(id);
    record.newState = DeliveryState::RetryWait;
    record.dueAtMs = now;
    record.delayMs = f.delivery.lastDelayMs;
    record.deadReason.clear();
    record.outcome.error += QStringLiteral("; fetching a new OAuth token and trying once more");
    return true;
}

bool TargetWorker::multiplexes(const Manager &m) const
{
    return m.http2 || m_target.config.http2 == Http2Mode::PriorKnowledge;
}

int TargetWorker::perManagerLimit(const Manager &m) const
{
    return multiplexes(m) ? m_target.config.concurrency : Http1ConnectionsPerManager;
}

TargetWorker::Manager *TargetWorker::pickManager()
{
    // Fill managers in order so that their keep-alive connections stay warm.
    for (auto &m : m_managers) {
        if (!m->retired && multiplexes(*m) && m->requestsHanded >= MaxRequestsPerHttp2Connection) {
            retireManager(m.get());
            break; // the list may have changed
        }
    }
    for (auto &m : m_managers) {
        if (!m->retired && m->inFlight < perManagerLimit(*m))
            return m.get();
    }
    auto m = std::make_unique<Manager>();
    m->nam = new QNetworkAccessManager(this);
    m->nam->setAutoDeleteReplies(false);
    m->nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_managers.push_back(std::move(m));
    return m_managers.back().get();
}

void TargetWorker::retireManager(Manager *m)
{
    m->retired = true;
    if (m->inFlight == 0)
        releaseManager(m);
}

void TargetWorker::handleConnectionFailure(Manager *m)
{
    // One HTTP/2 connection carries every request of its manager: when it fails (a GOAWAY, a
    // reset), Qt 6.4 leaves the requests that had no answer yet hanging on it until they time
    // out. Move on to a new connection and send those again; a request the target did process
    // carries the same Idempotency-Key the second time.
    m->retired = true;
    QList<QNetworkReply *> stranded;
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it) {
        if (it->manager == m
            && !it.key()->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
            stranded.append(it.key());
    }
    if (!stranded.isEmpty())
        qCInfo(lcDispatch).noquote()
            << name() << "HTTP/2 connection failed; resending" << stranded.size()
            << "unanswered requests on a new connection";
    if (stranded.isEmpty()) {
        if (m->inFlight == 0)
            releaseManager(m);
        return;
    }
    // The last stranded reply to finish releases the manager (unless answered ones remain).
    for (QNetworkReply *r : stranded)
        abortReply(r, AbortReason::ConnectionLost);
}

void TargetWorker::releaseManager(Manager *m)
{
    m->nam->deleteLater();
    std::erase_if(m_managers, [m](const auto &owned) { return owned.get() == m; });
}

void TargetWorker::pump()
{
    if (auto t = m_breaker.poll(nowMs()))
        recordTransition(*t);
    if (m_breaker.state() == BreakerState::Open && !m_gateTimer.isActive()) {
        // Woken before the open period ended (a timer may fire a little early): wait again.
        const qint64 now = nowMs();
        m_gateTimer.start(
            int(std::clamp<qint64>(m_breaker.reopensAtMs().value_or(now + 1) - now, 1, 3'600'000)));
    }
    if (isHeld()) {
        sendBackReady();
        checkDrained();
        return;
    }
    const int limit = concurrencyLimit();
    while (!m_draining && int(m_inFlight.size()) < limit && !m_ready.empty() && haveToken(nowMs())
        && passGates(nowMs())) {
        ClaimedDelivery d = std::move(m_ready.front());
        m_ready.pop_front();
        send(d);
    }
    // Keep about one window of claimed work ready, so the next request can start the moment a
    // slot frees up, without holding much more than that away from other engines. Nothing is
    // claimed while the breaker is open: the target's deliveries wait in the store.
    if (!m_draining && !m_claimOutstanding && int(m_ready.size()) < limit
        && !m_claimTimer.isActive() && m_breaker.state() != BreakerState::Open)
        requestClaim();
    checkDrained();
}

int TargetWorker::concurrencyLimit() const
{
    const int configured = m_target.config.concurrency;
    return m_target.config.adaptiveConcurrency.enabled
        ? std::clamp(m_adaptive.limit(), 1, configured)
        : configured;
}

bool TargetWorker::passGates(qint64 now)
{
    if (auto t = m_breaker.poll(now))
        recordTransition(*t);
    // A retry over the budget waits (back in the store, due a second later): it is never dropped
    // and does not take a breaker permit or a token from first attempts.
    const ClaimedDelivery &next = m_ready.front();
    if (next.attempts > 0 && !m_retryBudget.tryRetry(now)) {
        AttemptRecord r = unattempted(next, DeliveryState::RetryWait);
        r.attemptNo = next.attempts;
        r.dueAtMs = now + 1000;
        m_ready.pop_front();
        addRecord(r);
        return !m_ready.empty();
    }
    if (!m_breaker.tryAcquire(now)) {
        if (m_breaker.state() == BreakerState::Open)
            holdWhileOpen(now);
        return false; // half-open: wait for the probes to answer
    }
    if (!m_rateLimit.tryTake(now)) {
        m_breaker.release();
        m_gateTimer.start(int(std::clamp<qint64>(m_rateLimit.msUntilNextToken(now), 1, 60'000)));
        return false;
    }
    if (next.attempts == 0)
        m_retryBudget.recordFirstAttempt(now);
    return true;
}

void TargetWorker::holdWhileOpen(qint64 now)
{
    // Claimed deliveries go back to the store unattempted (nothing claims while the breaker is
    // open, so they wait there, no attempt made or counted), and the gate timer wakes the
    // worker when the breaker may let probes through.
    while (!m_ready.empty()) {
        addRecord(unattempted(m_ready.front(), DeliveryState::Pending));
        m_ready.pop_front();
    }
    const qint64 until = m_breaker.reopensAtMs().value_or(now + 1000);
    m_gateTimer.start(int(std::clamp<qint64>(until - now, 1, 3'600'000)));
}

void TargetWorker::recordTransition(const BreakerTransition &t)
{
    m_metrics.setBreakerChange(t.atMs, t.reason);
    qCInfo(lcDispatch).noquote() << name() << "breaker" << breakerStateName(t.from) << "->"
                                 << breakerStateName(t.to) << ":" << t.reason;
    const qint64 targetId = m_target.id;
    m_store.post<void>(
        this, [targetId, t](Store &s) { return s.recordBreakerTransition(targetId, t); },
        [name = name()](const Result<void> &r) {
            if (!r)
                qCWarning(lcDispatch).noquote()
                    << name << "cannot record a breaker transition:" << r.error().message;
        },
        StoreThread::Commit::Lazy);
    Q_EMIT breakerTransition(name(), t);
    if (t.to == BreakerState::Open)
        holdWhileOpen(t.atMs);
    else
        pump(); // half-open or closed again: claim and send
}

void TargetWorker::requestClaim()
{
    if (m_claimOutstanding || m_draining || isHeld() || m_breaker.state() == BreakerState::Open)
        return;
    const int limit = concurrencyLimit();
    const int want
        = std::min(MaxClaimBatch, 2 * limit - int(m_inFlight.size()) - int(m_ready.size()));
    if (want <= 0)
        return;
    m_claimOutstanding = true;
    const qint64 targetId = m_target.id;
    const Ordering ordering = m_target.config.ordering;
    const DeadKeyPolicy onDead = m_target.config.orderingOnDead;
    m_store.post<ClaimBatch>(
        this,
        [targetId, want, ordering, onDead](
            Store &s) { return s.claim(targetId, want, nowMs(), ordering, onDead); },
        [this](const Result<ClaimBatch> &r) { handleClaimed(r); }, StoreThread::Commit::Lazy);
}

void TargetWorker::handleClaimed(const Result<ClaimBatch> &batch)
{
    m_claimOutstanding = false;
    if (!batch) {
        qCWarning(lcDispatch).noquote()
            << name() << "cannot claim deliveries:" << batch.error().message;
        m_claimTimer.start(FlushRetryMs);
        return;
    }
    for (const ClaimedDelivery &d : batch->deliveries) {
        if (m_draining) {
            // Claimed while a drain began: hand it straight back.
            addRecord(unattempted(d, DeliveryState::Pending));
        } else {
            m_ready.push_back(d);
        }
    }
    if (batch->deliveries.isEmpty() && !m_draining) {
        // Nothing due: look again when the next retry falls due, or at the idle poll, whichever
        // comes first (other processes may enqueue or replay at any time).
        qint64 wait = m_idlePollMs;
        if (batch->nextDueAtMs)
            wait = std::clamp<qint64>(*batch->nextDueAtMs - nowMs(), 0, m_idlePollMs);
        m_claimTimer.start(int(wait));
    }
    pump();
}

void TargetWorker::send(const ClaimedDelivery &d)
{
    const qint64 now = nowMs();
    if (auto expired = DeliveryPolicy::expiredReason(d, m_target.config.retry, now)) {
        AttemptRecord r = unattempted(d, DeliveryState::Dead);
        r.deadReason = *expired;
        addRecord(r);
        return;
    }

    const QByteArray traceparent = RequestTemplate::newTraceparent(d.traceId);
    const QByteArray token = m_oauth ? m_oauth->token(now) : QByteArray();
    auto prepared = m_requestTemplate.prepare(d, traceparent, token, now);
    if (!prepared) {
        // This message cannot be sent to this target (the mapping finds nothing): dead for this
        // target only; other targets' deliveries of the message are untouched.
        m_breaker.release();
        AttemptRecord r = unattempted(d, DeliveryState::Dead);
        r.deadReason = prepared.error().message;
        addRecord(r);
        return;
    }

    Manager *m = pickManager();
    QNetworkReply *reply
        = m->nam->sendCustomRequest(prepared->request, m_target.config.method, prepared->body);
    ++m->inFlight;
    ++m->requestsHanded;
    InFlight &f = m_inFlight[reply];
    f.delivery = d;
    f.manager = m;
    f.startedAtMs = now;
    f.timer.start();
    f.config = m_target.config;
    f.traceparent = traceparent;
    f.oauthGeneration = m_oauth ? m_oauth->generation() : 0;

    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleReplyFinished(reply); });
    // Read the answer as it arrives, keeping only an excerpt: a hostile target cannot make the
    // engine buffer an endless body.
    connect(reply, &QIODevice::readyRead, this, [this, reply] {
        auto it = m_inFlight.find(reply);
        if (it == m_inFlight.end())
            return;
        const qint64 room = ExcerptBytes - it->excerpt.size();
        if (room > 0)
            it->excerpt += reply->read(room);
        reply->skip(reply->bytesAvailable());
    });
    // Kept for the attempt's history: "handshake failed" alone does not tell an operator which
    // certificate was wrong. The errors are never ignored.
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        if (auto it = m_inFlight.find(reply); it != m_inFlight.end()) {
            for (const QSslError &e : errors)
                it->tlsErrors.append(e.errorString());
        }
    });
    connect(reply, &QNetworkReply::requestSent, this, [this, reply] {
        if (auto it = m_inFlight.find(reply); it != m_inFlight.end())
            it->requestSent = true;
    });
    connect(reply, &QNetworkReply::socketStartedConnecting, this, [this, reply] {
        if (auto it = m_inFlight.find(reply); it != m_inFlight.end())
            it->connectStartedAtMs = nowMs();
    });
    if (!m_deadlineSweep.isActive())
        m_deadlineSweep.start();
}

void TargetWorker::updateSweepInterval()
{
    // One timer per worker checks every deadline: a timer per request costs more than the
    // request itself at thousands a second (Qt keeps timers in a sorted list). Deadlines are
    // met within a tenth of the shortest timeout.
    const int shortest
        = std::min(m_target.config.connectTimeoutMs, m_target.config.attemptTimeoutMs);
    m_deadlineSweep.setInterval(std::clamp(shortest / 10, 5, 250));
}

void TargetWorker::sweepDeadlines()
{
    if (m_inFlight.isEmpty()) {
        m_deadlineSweep.stop();
        return;
    }
    const qint64 now = nowMs();
    QList<QPair<QNetworkReply *, AbortReason>> expired;
    for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it) {
        if (it->abort != AbortReason::None)
            continue;
        if (now - it->startedAtMs >= it->config.attemptTimeoutMs)
            expired.append({ it.key(), AbortReason::AttemptTimeout });
        else if (it->connectStartedAtMs > 0 && !it->requestSent
            && now - it->connectStartedAtMs >= it->config.connectTimeoutMs)
            expired.append({ it.key(), AbortReason::ConnectTimeout });
    }
    // Aborting finishes a reply at once, which changes m_inFlight: collect first, then abort.
    for (const auto &[reply, reason] : expired)
        abortReply(reply, reason);
}

void TargetWorker::abortReply(QNetworkReply *reply, AbortReason reason)
{
    auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end() || it->abort != AbortReason::None)
        return;
    it->abort = reason;
    reply->abort(); // emits finished() synchronously
}

void TargetWorker::handleReplyFinished(QNetworkReply *reply)
{
    auto it = m_inFlight.find(reply);
    if (it == m_inFlight.end())
        return;
    InFlight f = std::move(it.value());
    m_inFlight.erase(it);
    reply->disconnect(this);
    reply->deleteLater();

    const qint64 now = nowMs();
    if (reply->bytesAvailable() > 0 && f.excerpt.size() < ExcerptBytes)
        f.excerpt += reply->read(ExcerptBytes - f.excerpt.size());
    AttemptOutcome outcome
        = classifyReply(reply, f.abort, f.config.connectTimeoutMs, f.config.attemptTimeoutMs, now);
    outcome.startedAtMs = f.startedAtMs;
    outcome.latencyUs = f.timer.nsecsElapsed() / 1000;
    if (!outcome.succeeded())
        outcome.responseExcerpt = f.excerpt;
    if (outcome.errorClass == ErrorClass::Tls && !f.tlsErrors.isEmpty())
        outcome.error = QStringLiteral("TLS handshake failed: %1").arg(f.tlsErrors.join(u"; "));

    // Aborting the other requests of a failed connection finishes them re-entrantly, and the
    // last of them releases the manager: record this outcome first and touch the manager last.
    if (outcome.errorClass == ErrorClass::Cancelled) {
        m_breaker.release();
    } else {
        // What the target's health is judged on: no answer, a timeout, 5xx or 429. A 4xx is the
        // payload's problem, not the target's.
        const bool failed
            = outcome.httpStatus == 0 || outcome.httpStatus >= 500 || outcome.httpStatus == 429;
        if (auto t = m_breaker.onCallFinished(failed, outcome.latencyUs / 1000, now))
            recordTransition(*t);
        const bool overloaded = outcome.httpStatus == 429 || outcome.httpStatus == 503
            || outcome.errorClass == ErrorClass::Timeout;
        m_adaptive.onResponse(outcome.latencyUs, overloaded, now);
    }

    Manager *m = f.manager;
    --m->inFlight;
    if (reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool())
        m->http2 = true;
    AttemptRecord record = DeliveryPolicy::decide(f.delivery, outcome, f.config.retry, now, m_rng);
    record.traceparent = f.traceparent;
    if (!retryWithFreshToken(record, f, now) && !m_authRetried.isEmpty())
        m_authRetried.remove(f.delivery.deliveryId);
    addRecord(record);
    if (multiplexes(*m) && !m->retired && outcome.httpStatus == 0 && f.abort == AbortReason::None)
        handleConnectionFailure(m);
    else if (multiplexes(*m) && !m->retired && f.abort == AbortReason::AttemptTimeout)
        // After a GOAWAY that failed no stream, Qt 6.4 queues new requests on the dead
        // connection without a word; a timeout is the only sign. New requests go to a new
        // connection; the others time out on their own deadlines.
        retireManager(m);
    else if (m->retired && m->inFlight == 0)
        releaseManager(m);
    pump();
}

void TargetWorker::addRecord(AttemptRecord record)
{
    m_unflushed.append(std::move(record));
    flush();
}

void TargetWorker::flush()
{
    // One write in flight at a time: what finishes meanwhile goes into the next write, so the
    // number of store jobs falls as the load rises.
    if (m_flushOutstanding || m_unflushed.isEmpty())
        return;
    m_flushOutstanding = true;
    QList<AttemptRecord> records;
    records.swap(m_unflushed);
    m_store.post<void>(
        this, [records](Store &s) { return s.recordAttempts(records, nowMs()); },
        [this, records](const Result<void> &r) { handleFlushed(records, r); },
        StoreThread::Commit::Lazy);
}

void TargetWorker::handleFlushed(const QList<AttemptRecord> &records, const Result<void> &result)
{
    m_flushOutstanding = false;
    if (!result) {
        // The outcomes stay here and are written again later; meanwhile the deliveries stay in
        // flight in the store, so after a crash they would be sent again (at least once).
        qCWarning(lcDispatch).noquote()
            << name() << "cannot record" << records.size() << "outcomes:" << result.error().message;
        m_unflushed = records + m_unflushed;
        m_retryFlushTimer.start();
        return;
    }
    const qint64 now = nowMs();
    for (const AttemptRecord &r : records)
        m_metrics.recordAttempt(r, now);
    Q_EMIT attemptsRecorded(name(), records);
    flush();
    checkDrained();
}

void TargetWorker::drain(int timeoutMs)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_draining)
        return;
    m_draining = true;
    m_claimTimer.stop();
    qCInfo(lcDispatch).noquote() << name() << "draining:" << m_inFlight.size() << "in flight";
    while (!m_ready.empty()) {
        m_unflushed.append(unattempted(m_ready.front(), DeliveryState::Pending));
        m_ready.pop_front();
    }
    flush();
    QTimer::singleShot(timeoutMs, this, [this] {
        const QList<QNetworkReply *> replies = m_inFlight.keys();
        if (!replies.isEmpty())
            qCInfo(lcDispatch).noquote()
                << name() << "drain timeout: cancelling" << replies.size() << "requests";
        for (QNetworkReply *r : replies)
            abortReply(r, AbortReason::Stopping);
    });
    checkDrained();
}

void TargetWorker::checkDrained()
{
    if (!m_draining || m_drainedSignalled || !m_inFlight.isEmpty() || m_flushOutstanding
        || !m_unflushed.isEmpty() || m_claimOutstanding)
        return;
    m_drainedSignalled = true;
    Q_EMIT drained(name());
}

} // namespace Tandem
