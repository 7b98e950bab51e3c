// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QCoreApplication>
#include <QString>

#include "engine/core/retrypolicy.h"
#include "engine/store/store.h"

namespace Tandem::Ui {

/// When a delivery waiting for a retry is tried next, and why then.
struct NextAttempt
{
    int attemptNo = 0;
    qint64 dueAtMs = 0;
    /// When the failed attempt before it ended: the backoff counts from there.
    qint64 afterMs = 0;
    /// The window the target's RetryPolicy draws the due time from (backoff with jitter);
    /// unknown when the target's policy is (its target was removed).
    std::optional<qint64> earliestMs;
    std::optional<qint64> latestMs;
    /// The answer's Retry-After decided the due time instead of the backoff (429 and 503 only).
    bool retryAfterOverrode = false;
    /// The Retry-After the answer carried, as the store kept it; for an attempt recorded before
    /// the store kept it (schema 7), the delay it led to.
    std::optional<qint64> retryAfterMs;
    /// The due time lies after the backoff window for a reason other than a Retry-After (the
    /// target's retry budget held the retry back).
    bool heldBack = false;
    /// The due time lies before the backoff window for a reason other than a Retry-After (a 401
    /// answered to an expired OAuth token is tried again at once with a fresh one).
    bool sooner = false;
};

/// What an operator reads about one delivery of a message, computed from the store's
/// DeliveryView and the target's RetryPolicy: a one-line summary ("delivered 12:01:07",
/// "dead: HTTP 503 ×8", "retrying: attempt 3 at 12:02:10") and, while the delivery waits for a
/// retry, the next attempt with its jitter window and whether a Retry-After overrode the backoff.
///
/// Thread: a plain value, used on the UI thread.
class DeliveryTimeline
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Ui::DeliveryTimeline)

public:
    enum class Tone { Good, Waiting, Bad, Neutral };

    DeliveryTimeline(const DeliveryView &delivery, std::optional<RetryPolicy> policy);

    const DeliveryView &delivery() const { return m_delivery; }
    /// Why the target sends nothing now ("breaker open", a held reason), for a retry that is
    /// overdue; empty when it sends.
    void setHold(const QString &why) { m_hold = why; }
    /// "delivered 12:01:07", "dead: HTTP 503 ×8", "retrying: attempt 3 at 12:02:10", …
    QString summary(qint64 nowMs) const;
    Tone tone() const;
    std::optional<NextAttempt> nextAttempt() const { return m_next; }
    /// The Retry-After of a past attempt's answer, when it had one (and was recorded since the
    /// store keeps it).
    static std::optional<qint64> retryAfterMs(const AttemptView &attempt)
    {
        return attempt.retryAfterMs;
    }
    /// "HTTP 503", "connection error", "timeout", …: what one attempt came to.
    static QString outcomeText(int status, const QString &errorClass);

private:
    std::optional<NextAttempt> computeNextAttempt() const;
    QString deadSummary() const;

    DeliveryView m_delivery;
    std::optional<RetryPolicy> m_policy;
    std::optional<NextAttempt> m_next;
    QString m_hold;
};

} // namespace Tandem::Ui
