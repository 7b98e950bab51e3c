// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// How the closed breaker measures recent calls.
enum class BreakerWindow {
    Count, ///< the last window_size calls
    Time, ///< the calls of the last window_size seconds
};

QString breakerWindowName(BreakerWindow w);
/// Parses "count" or "time"; nullopt for anything else.
std::optional<BreakerWindow> breakerWindowFromName(const QString &name);

/// The "breaker" object of a target's configuration, as a value. Defaults follow resilience4j:
/// a count window of 100 calls that trips at 50 % failures once 10 calls are in it, stays open
/// 60 s, then lets 10 probes through. A slow call takes slow_call_ms or longer (default: the
/// default attempt timeout); the slow-call threshold of 100 % trips only on an all-slow window.
/// For a count window, minimum_calls above window_size acts as window_size (else the breaker
/// could never open).
struct BreakerConfig
{
    bool enabled = true;
    BreakerWindow window = BreakerWindow::Count;
    int windowSize = 100; ///< calls (count window) or seconds (time window)
    int minimumCalls = 10;
    int failureRatePercent = 50;
    int slowCallRatePercent = 100;
    qint64 slowCallMs = 30'000;
    qint64 openMs = 60'000;
    int halfOpenProbes = 10;

    /// Reads the JSON object; missing keys keep their defaults, unknown keys are refused, and
    /// every error names its field under `where` ("targets[0].breaker.open_ms: …").
    static Result<BreakerConfig> fromJson(const QJsonValue &v, const QString &where);
    /// As fromJson(), but missing keys keep this configuration's values (a PATCH).
    Result<BreakerConfig> patched(const QJsonValue &v, const QString &where) const;
    /// Every field, defaults included.
    QJsonObject toJson() const;

    friend bool operator==(const BreakerConfig &, const BreakerConfig &) = default;
};

enum class BreakerState { Closed, Open, HalfOpen };

/// "closed", "open" or "half_open".
QString breakerStateName(BreakerState s);

/// One move of a breaker. The figures are those the breaker showed when it decided (the call
/// that caused the move included): the window's for a trip, the probes' for a verdict on
/// probes, the trip's for the move to half-open, whatever was discarded for a reset.
struct BreakerTransition
{
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    qint64 atMs = 0;
    double failureRatePercent = 0;
    double slowCallRatePercent = 0;
    int calls = 0;
    QString reason; ///< a sentence for an operator, with the figures in it

    friend bool operator==(const BreakerTransition &, const BreakerTransition &) = default;
};

/// A per-target circuit breaker (closed → open → half-open → closed or open again).
///
/// Contract: before starting an attempt the caller calls poll(now) and then tryAcquire(now),
/// and sends only if that returned true; every acquired permit ends in exactly one
/// onCallFinished() (the attempt was made) or release() (it was not, e.g. the engine is
/// stopping). Transitions are returned by the call that caused them so the caller can log and
/// publish them. Time is always passed in (milliseconds, any epoch), so tests inject a clock;
/// it should not go backwards (if it does, the time window counts the call in its newest second).
///
/// A call is one HTTP attempt. Whether it failed is the caller's decision: timeouts, connection
/// and TLS errors, 5xx and 429 say the target is unwell; a 4xx says the request was refused by a
/// healthy target and should count as a success; a cancelled attempt is released, not counted.
/// A call is slow when it took slow_call_ms or longer, failed or not.
///
/// Not thread-safe, not a QObject: it belongs to the target's worker and lives on its thread.
/// Figures: Closed shows the window, Open the figures that tripped it, HalfOpen the probes
/// finished so far. A time window forgets old seconds when a call is recorded or on poll().
/// A disabled breaker lets everything through, records nothing and never moves (it keeps the
/// state it had; it is closed unless it was disabled while open).
class CircuitBreaker
{
public:
    explicit CircuitBreaker(BreakerConfig config);

    const BreakerConfig &config() const { return m_config; }
    /// Applies at once and keeps the state; a change of window kind or size empties the window.
    /// A shorter open_ms shortens the current open period; fewer probes are judged on poll().
    void setConfig(const BreakerConfig &config);

    /// May one attempt start now? Closed: yes. Open: no until open_ms has passed, then it goes
    /// half-open (poll() should have done that; if not, this does it and the next poll()
    /// reports the transition). HalfOpen: yes for the first half_open_probes permits.
    bool tryAcquire(qint64 nowMs);
    /// Gives back a permit from tryAcquire() that was not used for a call.
    void release();
    /// Records a finished call that tryAcquire() let through. Results that arrive while open
    /// (calls started before the trip) are ignored; in half-open at most as many results count
    /// as permits were handed out.
    std::optional<BreakerTransition> onCallFinished(bool failed, qint64 durationMs, qint64 nowMs);
    /// Open → half-open once open_ms has passed; half-open → verdict once every probe finished
    /// (after setConfig() lowered half_open_probes). Also lets a time window forget old seconds.
    std::optional<BreakerTransition> poll(qint64 nowMs);
    /// An operator's reset: closed with an empty window. No transition if it already was.
    std::optional<BreakerTransition> reset(qint64 nowMs);

    BreakerState state() const { return m_state; }
    /// When the breaker entered its state (0 if it never moved).
    qint64 stateSinceMs() const { return m_stateSinceMs; }
    /// When an open breaker goes half-open; nullopt unless open.
    std::optional<qint64> reopensAtMs() const;
    double failureRatePercent() const;
    double slowCallRatePercent() const;
    int callsInWindow() const;
    /// The transition that last opened the breaker ("the reason it tripped").
    std::optional<BreakerTransition> lastTrip() const { return m_lastTrip; }

private:
    // Counts of a set of calls: the window, one second of it, or the probes.
    struct Tally
    {
        qint64 calls = 0;
        qint64 failures = 0;
        qint64 slow = 0;
    };
    struct Second
    {
        qint64 second;
        Tally tally;
    };

    Tally current() const;
    void clearWindow();
    void forgetBefore(qint64 nowMs);
    void record(bool failed, bool slow, qint64 nowMs);
    int minimumCalls() const;
    BreakerTransition moveTo(BreakerState to, qint64 nowMs, QString reason);
    std::optional<BreakerTransition> openIfDue(qint64 nowMs);
    std::optional<BreakerTransition> judgeProbes(qint64 nowMs);
    QString windowDescription(const Tally &t) const;

    BreakerConfig m_config;
    BreakerState m_state = BreakerState::Closed;
    qint64 m_stateSinceMs = 0;
    std::optional<BreakerTransition> m_lastTrip;
    std::optional<BreakerTransition> m_unreported; // a move tryAcquire() made, for poll()

    // Closed: the sliding window. Count: a ring of the last windowSize outcomes (bit 0 failed,
    // bit 1 slow). Time: one tally per second that had calls, oldest first, at most windowSize.
    Tally m_window;
    std::vector<quint8> m_ring;
    int m_ringNext = 0;
    std::deque<Second> m_seconds;

    // HalfOpen
    int m_permits = 0; // handed out in this half-open period, minus those given back
    Tally m_probes;
};

} // namespace Tandem
