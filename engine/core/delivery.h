// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace Tandem {

/// The states of DESIGN.md §3. Stored as integers: never renumber.
enum class DeliveryState : int {
    Pending = 0,
    InFlight = 1,
    RetryWait = 2,
    Delivered = 3,
    Dead = 4,
    Discarded = 5,
};

QString deliveryStateName(DeliveryState s);

/// Why an attempt failed, coarse enough to chart and to group dead letters by.
enum class ErrorClass {
    None, ///< the attempt got a 2xx
    Timeout, ///< connect or attempt timeout
    Connection, ///< refused, reset, closed, host not found
    Tls,
    Http4xx, ///< 4xx other than 429
    Http429,
    Http5xx,
    Redirect, ///< 3xx: not followed, so that a payload never goes somewhere unconfigured
    Protocol, ///< the peer did not speak HTTP
    Cancelled, ///< the engine stopped mid-attempt; not the target's fault
};

QString errorClassName(ErrorClass c);
ErrorClass errorClassForStatus(int httpStatus);
/// "HTTP 401 (authentication failed: …)": the status with what it usually means for a target,
/// for dead-letter reasons an operator reads.
QString describeStatus(int httpStatus);

/// What one HTTP attempt came to.
struct AttemptOutcome
{
    int httpStatus = 0; ///< 0 when no HTTP response arrived
    ErrorClass errorClass = ErrorClass::None;
    QString error; ///< human-readable detail, empty on success
    std::optional<qint64> retryAfterMs;
    qint64 startedAtMs = 0;
    qint64 latencyUs = 0;
    QByteArray responseExcerpt;
    /// Retrying cannot help (credentials refused by an OAuth token endpoint): dead at once.
    bool permanent = false;

    bool succeeded() const { return errorClass == ErrorClass::None; }
};

/// A delivery claimed for sending: everything a target worker needs, with no reference back
/// into the store. Implicitly shared members make it cheap to pass between threads.
struct ClaimedDelivery
{
    qint64 deliveryId = 0;
    qint64 messageRowId = 0;
    QString messageId;
    QByteArray idempotencyKey;
    QByteArray traceId;
    QByteArray payload;
    int attempts = 0; ///< attempts made in the current round (replay starts a new round)
    int round = 0;
    qint64 createdAtMs = 0;
    qint64 lastDelayMs = 0;
    /// Which version of the payload `payload` is: 1 is the producer's, higher ones are an
    /// operator's edits (Store::editAndReplay).
    int payloadVersion = 1;
};

/// The stored result of an attempt: the outcome plus the state it moved the delivery to.
struct AttemptRecord
{
    qint64 deliveryId = 0;
    QString messageId; ///< for logs and listeners; not stored again
    QByteArray traceparent; ///< the W3C traceparent the attempt carried (empty if none went out)
    int round = 0;
    int attemptNo = 0;
    AttemptOutcome outcome;
    DeliveryState newState = DeliveryState::Pending;
    qint64 dueAtMs = 0; ///< next attempt, for RetryWait
    qint64 delayMs = 0;
    QString deadReason;
    bool attempted = true; ///< false when no request went out (expired before sending, cancelled)
    int payloadVersion = 1; ///< the payload version the attempt sent (ClaimedDelivery's)
};

} // namespace Tandem

Q_DECLARE_METATYPE(Tandem::ClaimedDelivery)
Q_DECLARE_METATYPE(Tandem::AttemptRecord)
