// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/replyclassifier.h"

#include "engine/core/retryafter.h"

namespace Tandem {

AttemptOutcome classifyReply(QNetworkReply *reply, AbortReason abort, int connectTimeoutMs,
    int attemptTimeoutMs, qint64 nowMs)
{
    AttemptOutcome o;
    switch (abort) {
    case AbortReason::ConnectTimeout:
        o.errorClass = ErrorClass::Timeout;
        o.error = QStringLiteral("connect timed out after %1 ms").arg(connectTimeoutMs);
        return o;
    case AbortReason::AttemptTimeout:
        o.errorClass = ErrorClass::Timeout;
        o.error = QStringLiteral("no complete answer within %1 ms").arg(attemptTimeoutMs);
        return o;
    case AbortReason::ConnectionLost:
        o.errorClass = ErrorClass::Connection;
        o.error
            = QStringLiteral("the HTTP/2 connection failed before an answer (GOAWAY or closed); "
                             "retried on a new connection");
        return o;
    case AbortReason::Stopping:
        o.errorClass = ErrorClass::Cancelled;
        o.error = QStringLiteral("cancelled: the engine was stopping");
        return o;
    case AbortReason::None:
        break;
    }

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && status.toInt() > 0) {
        o.httpStatus = status.toInt();
        o.errorClass = errorClassForStatus(o.httpStatus);
        if (!o.succeeded()) {
            const QString reason
                = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            o.error = reason.isEmpty() ? QStringLiteral("HTTP %1").arg(o.httpStatus)
                                       : QStringLiteral("HTTP %1 %2").arg(o.httpStatus).arg(reason);
            if (reply->hasRawHeader("Retry-After"))
                o.retryAfterMs = parseRetryAfterMs(reply->rawHeader("Retry-After"), nowMs);
        }
        // A 2xx whose body was cut off is not a delivery we can trust to have been processed
        // fully, but the target did answer 2xx: the status is what the contract keys on.
        return o;
    }

    switch (reply->error()) {
    case QNetworkReply::NoError:
        o.errorClass = ErrorClass::Protocol;
        o.error = QStringLiteral("no HTTP status in the answer");
        break;
    case QNetworkReply::TimeoutError:
        o.errorClass = ErrorClass::Timeout;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        o.errorClass = ErrorClass::Tls;
        break;
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        o.errorClass = ErrorClass::Protocol;
        break;
    case QNetworkReply::OperationCanceledError:
        // Not aborted by us: Qt cancels on its own when a transfer times out.
        o.errorClass = ErrorClass::Timeout;
        break;
    default:
        o.errorClass = ErrorClass::Connection;
        break;
    }
    if (o.error.isEmpty())
        o.error = reply->errorString();
    return o;
}

} // namespace Tandem
