// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/metrics/metricssnapshot.h"

#include <algorithm>

#include <QDateTime>
#include <QJsonValue>

namespace Tandem {

namespace {

double usToMs(qint64 us) { return double(us) / 1000.0; }

} // namespace

qint64 MetricsSnapshot::failuresOf(ErrorClass c) const
{
    const auto it = std::find(FailureClasses.begin(), FailureClasses.end(), c);
    return it == FailureClasses.end() ? 0 : failures[std::size_t(it - FailureClasses.begin())];
}

qint64 MetricsSnapshot::failureTotal() const
{
    qint64 total = 0;
    for (qint64 n : failures)
        total += n;
    return total;
}

QJsonObject MetricsSnapshot::toJson() const
{
    QJsonObject failureObject;
    for (std::size_t i = 0; i < FailureClasses.size(); ++i)
        failureObject.insert(errorClassName(FailureClasses[i]), failures[i]);

    QJsonObject latencyObject;
    for (std::size_t i = 0; i < LatencyWindowMinutes.size(); ++i) {
        const LatencyWindow::Quantiles &q = latency[i];
        latencyObject.insert(QString::number(LatencyWindowMinutes[i]) + u'm',
            QJsonObject {
                { QStringLiteral("count"), q.count },
                { QStringLiteral("p50"), usToMs(q.p50Us) },
                { QStringLiteral("p95"), usToMs(q.p95Us) },
                { QStringLiteral("p99"), usToMs(q.p99Us) },
                { QStringLiteral("max"), usToMs(q.maxUs) },
            });
    }

    return QJsonObject {
        { QStringLiteral("target"), target },
        { QStringLiteral("attempts"), attempts },
        { QStringLiteral("successes"), successes },
        { QStringLiteral("failures"), failureObject },
        { QStringLiteral("retries"), retries },
        { QStringLiteral("dead_letters"), deadLetters },
        { QStringLiteral("attempts_per_second"), attemptsPerSecond },
        { QStringLiteral("in_flight"), inFlight },
        { QStringLiteral("pending"), pending },
        { QStringLiteral("oldest_pending_age_s"),
            oldestPendingAgeMs ? QJsonValue(double(*oldestPendingAgeMs) / 1000.0)
                               : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("breaker"), breakerState },
        { QStringLiteral("concurrency_limit"), concurrencyLimit },
        { QStringLiteral("held"), heldReason.isEmpty() ? QJsonValue() : QJsonValue(heldReason) },
        { QStringLiteral("breaker_since"),
            breakerSinceMs == 0 ? QJsonValue()
                                : QJsonValue(QDateTime::fromMSecsSinceEpoch(breakerSinceMs, Qt::UTC)
                                                 .toString(Qt::ISODateWithMs)) },
        { QStringLiteral("breaker_reason"),
            breakerReason.isEmpty() ? QJsonValue() : QJsonValue(breakerReason) },
        { QStringLiteral("latency_ms"), latencyObject },
    };
}

} // namespace Tandem
