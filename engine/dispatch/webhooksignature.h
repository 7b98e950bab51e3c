// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace Tandem {

/// The Standard Webhooks signature (https://www.standardwebhooks.com): HMAC-SHA256 keyed with
/// the secret over "<webhook-id>.<webhook-timestamp>.<body>", sent base64-encoded as "v1,<sig>"
/// in the webhook-signature header; several signatures (during a secret rotation) are separated
/// by spaces. A secret in the scheme's own form "whsec_<base64>" is used base64-decoded;
/// any other secret is used as its bytes.
class WebhookSignature
{
public:
    static QByteArray key(const QByteArray &secret);
    /// "v1,<base64 HMAC>" for one secret.
    static QByteArray sign(
        const QByteArray &secret, const QByteArray &id, qint64 timestampS, const QByteArray &body);
};

} // namespace Tandem
