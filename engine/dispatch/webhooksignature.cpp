// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/webhooksignature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace Tandem {

QByteArray WebhookSignature::key(const QByteArray &secret)
{
    if (secret.startsWith("whsec_")) {
        auto decoded = QByteArray::fromBase64Encoding(
            secret.mid(6), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            return decoded.decoded;
    }
    return secret;
}

QByteArray WebhookSignature::sign(
    const QByteArray &secret, const QByteArray &id, qint64 timestampS, const QByteArray &body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, key(secret));
    mac.addData(id);
    mac.addData(QByteArray::number(timestampS).prepend('.').append('.'));
    mac.addData(body);
    return QByteArray("v1,").append(mac.result().toBase64());
}

} // namespace Tandem
