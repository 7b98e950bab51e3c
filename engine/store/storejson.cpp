// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/store/storejson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Tandem {

namespace {

QJsonValue time(qint64 ms)
{
    if (ms <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject toJson(const DeadLetter &d)
{
    return {
        { QStringLiteral("message_id"), d.messageId },
        { QStringLiteral("delivery_id"), d.deliveryId },
        { QStringLiteral("target"), d.target },
        { QStringLiteral("dead_at"), time(d.deadAtMs) },
        { QStringLiteral("attempts"), d.attempts },
        { QStringLiteral("last_status"),
            d.lastStatus == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(d.lastStatus) },
        { QStringLiteral("last_error"), orNull(d.lastError) },
        { QStringLiteral("reason"), orNull(d.reason) },
    };
}

QJsonObject toJson(const DeliveryView &d)
{
    QJsonArray history;
    for (const AttemptView &a : d.history) {
        QJsonObject attempt {
            { QStringLiteral("round"), a.round },
            { QStringLiteral("attempt"), a.attemptNo },
            { QStringLiteral("at"), time(a.startedAtMs) },
            { QStringLiteral("latency_ms"), double(a.latencyUs) / 1000.0 },
            { QStringLiteral("status"),
                a.status == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(a.status) },
            { QStringLiteral("error_class"), a.errorClass },
            { QStringLiteral("error"), orNull(a.error) },
            { QStringLiteral("response_excerpt"),
                a.responseExcerpt.isEmpty() ? QJsonValue(QJsonValue::Null)
                                            : QJsonValue(QString::fromUtf8(a.responseExcerpt)) },
            { QStringLiteral("payload_version"), a.payloadVersion },
        };
        // Only when the answer had one: absent and null would both read as "none" to a client.
        if (a.retryAfterMs)
            attempt.insert(QStringLiteral("retry_after_ms"), *a.retryAfterMs);
        history.append(attempt);
    }
    QJsonArray versions;
    for (const PayloadVersion &v : d.payloadVersions) {
        versions.append(QJsonObject {
            { QStringLiteral("version"), v.version },
            { QStringLiteral("at"), time(v.createdAtMs) },
            { QStringLiteral("reason"), orNull(v.reason) },
            { QStringLiteral("diff"), orNull(v.diff) },
        });
    }
    return {
        { QStringLiteral("target"), d.target },
        { QStringLiteral("state"), deliveryStateName(d.state) },
        { QStringLiteral("attempts"), d.attempts },
        { QStringLiteral("round"), d.round },
        { QStringLiteral("next_attempt_at"),
            d.state == DeliveryState::Pending || d.state == DeliveryState::RetryWait
                ? time(d.dueAtMs)
                : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("updated_at"), time(d.updatedAtMs) },
        { QStringLiteral("last_status"),
            d.lastStatus == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(d.lastStatus) },
        { QStringLiteral("last_error"), orNull(d.lastError) },
        { QStringLiteral("dead_reason"), orNull(d.deadReason) },
        { QStringLiteral("history"), history },
        { QStringLiteral("payload_version"), d.payloadVersion },
        { QStringLiteral("payload_versions"), versions },
    };
}

QJsonObject toJson(const MessageView &m)
{
    QJsonArray deliveries;
    for (const DeliveryView &d : m.deliveries)
        deliveries.append(toJson(d));
    const QJsonDocument payload = QJsonDocument::fromJson(m.payload);
    return {
        { QStringLiteral("id"), m.id },
        { QStringLiteral("idempotency_key"), QString::fromUtf8(m.idempotencyKey) },
        { QStringLiteral("partition_key"),
            m.partitionKey.isEmpty() ? QJsonValue(QJsonValue::Null)
                                     : QJsonValue(QString::fromUtf8(m.partitionKey)) },
        { QStringLiteral("trace_id"), QString::fromLatin1(m.traceId) },
        { QStringLiteral("created_at"), time(m.createdAtMs) },
        { QStringLiteral("payload"),
            payload.isObject() ? QJsonValue(payload.object()) : QJsonValue(payload.array()) },
        { QStringLiteral("deliveries"), deliveries },
    };
}

} // namespace Tandem
