// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

class QRandomGenerator;

namespace Tandem {

/// A UUID version 7 (RFC 9562) as text: time-ordered, so ids created together sit together in
/// the store's indexes. Thread-safe.
QString newMessageId(qint64 unixMs);
/// As above with the random bits from `rng`: a securely seeded generator owned by the caller's
/// thread is much cheaper per id than the system generator (bulk enqueue makes millions).
QString newMessageId(qint64 unixMs, QRandomGenerator &rng);

/// A W3C trace-context trace id (32 lower-case hex digits, never all zero).
QByteArray newTraceId();
QByteArray newTraceId(QRandomGenerator &rng);

/// The trace id of a valid W3C traceparent ("00-<32 hex>-<16 hex>-<2 hex>", ids not all
/// zero), or an empty array if `traceparent` is not one.
QByteArray traceIdOf(const QByteArray &traceparent);

/// A W3C trace-context parent/span id (16 lower-case hex digits, never all zero).
QByteArray newSpanId();

} // namespace Tandem
