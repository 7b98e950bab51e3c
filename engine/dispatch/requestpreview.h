// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include "engine/core/delivery.h"

namespace Tandem {

struct DeliveryView;
struct MessageView;

/// A request as an operator may look at it or copy it: what a delivery sends to a target (method,
/// URL, every header in the order it is set, the mapped body) with every secret masked: the
/// credentials after their scheme (bearer, basic, OAuth token), an API key, the webhook signature
/// and static headers whose name says they carry one. RequestTemplate::preview() builds it with
/// the code that builds real requests, so what it shows cannot drift from what is sent.
///
/// Thread: a value, any thread.
struct RequestPreview
{
    /// What stands for a secret on screen.
    static constexpr const char *Mask = "\u2022\u2022\u2022\u2022\u2022";

    struct Header
    {
        QByteArray name;
        QByteArray value; ///< as sent; for a secret, only `secretPrefix` and the mask
        QByteArray secretPrefix; ///< kept in front of a secret ("Bearer "); empty otherwise
        /// The shell variable a curl command puts in place of the secret ("TANDEM_TOKEN");
        /// empty for a header that holds no secret.
        QByteArray secretVariable;

        bool isSecret() const { return !secretVariable.isEmpty(); }
    };

    QByteArray method;
    QUrl url;
    QList<Header> headers;
    QByteArray body;

    /// The value of the first header called `name` (case-insensitive); empty if none.
    QByteArray header(QByteArrayView name) const;
    /// "Name: value" lines, secrets masked.
    QString headerText() const;
    /// A POSIX shell command that sends this request with curl: every argument single-quoted (a
    /// quote in the body or a header becomes '\''), each secret a shell variable ("$TANDEM_TOKEN")
    /// so that the command is safe to paste in a ticket, preceded by `# ` comment lines with
    /// `comment` and which variables to set. The body goes as it is (--data-binary).
    QString toCurl(const QString &comment = {}) const;
};

/// The delivery as replaying the dead letter would claim it: the newest payload version, the
/// message's idempotency key and trace, attempts counted afresh.
ClaimedDelivery replayedDelivery(const MessageView &message, const DeliveryView &delivery);

/// `text` as one single-quoted POSIX shell word.
QString shellQuoted(const QByteArray &text);

} // namespace Tandem
