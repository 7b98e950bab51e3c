// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// Request signing by the Standard Webhooks scheme (webhook-id, webhook-timestamp and
/// webhook-signature headers; HMAC-SHA256 over "id.timestamp.body"), as the `signing` object of
/// a target configuration (null when the target is not signed). Secrets are references (see
/// SecretRef). During a rotation the previous secret keeps signing too, until
/// `previousUntilMs`, so a receiver that still knows only the old secret accepts both.
struct SigningConfig
{
    QString secret; ///< reference; empty = signing off
    QString previousSecret; ///< reference; empty when no rotation is in progress
    qint64 previousUntilMs = 0; ///< when the previous secret stops signing (ms since the epoch)

    bool enabled() const { return !secret.isEmpty(); }
    /// Whether the previous secret still signs at `nowMs`.
    bool previousActive(qint64 nowMs) const
    {
        return !previousSecret.isEmpty() && nowMs < previousUntilMs;
    }

    static Result<SigningConfig> fromJson(const QJsonValue &json, const QString &where);
    /// Null when signing is off.
    QJsonValue toJson() const;

    friend bool operator==(const SigningConfig &, const SigningConfig &) = default;
};

} // namespace Tandem
