// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/dispatch/requestpreview.h"

#include "engine/store/store.h"

namespace Tandem {

QByteArray RequestPreview::header(QByteArrayView name) const
{
    for (const Header &h : headers) {
        if (name.compare(h.name, Qt::CaseInsensitive) == 0)
            return h.value;
    }
    return {};
}

QString RequestPreview::headerText() const
{
    QStringList lines;
    for (const Header &h : headers)
        lines.append(QString::fromUtf8(h.name + ": " + h.value));
    return lines.join(u'\n');
}

QString shellQuoted(const QByteArray &text)
{
    // Inside single quotes nothing is special but the quote itself: end the quoted part, add an
    // escaped quote, start a new quoted part.
    QString quoted = QString::fromUtf8(text);
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString RequestPreview::toCurl(const QString &comment) const
{
    QStringList lines;
    for (const QString &line : comment.split(u'\n', Qt::SkipEmptyParts))
        lines.append(QStringLiteral("# ") + line);
    QStringList variables;
    for (const Header &h : headers) {
        if (h.isSecret() && !variables.contains(QString::fromLatin1(h.secretVariable)))
            variables.append(QString::fromLatin1(h.secretVariable));
    }
    if (!variables.isEmpty()) {
        lines.append(QStringLiteral("# Secrets are not included: set %1 before running it.")
                         .arg(variables.join(QStringLiteral(", "))));
    }
    QStringList args;
    args.append(
        QStringLiteral("curl -X ") + shellQuoted(method) + u' ' + shellQuoted(url.toEncoded()));
    for (const Header &h : headers) {
        if (h.isSecret()) {
            // The literal part single-quoted, the variable double-quoted so the shell expands it.
            args.append(QStringLiteral("-H ") + shellQuoted(h.name + ": " + h.secretPrefix)
                + QStringLiteral("\"$") + QString::fromLatin1(h.secretVariable) + u'"');
        } else {
            args.append(QStringLiteral("-H ") + shellQuoted(h.name + ": " + h.value));
        }
    }
    args.append(QStringLiteral("--data-binary ") + shellQuoted(body));
    lines.append(args.join(QStringLiteral(" \\\n  ")));
    return lines.join(u'\n') + u'\n';
}

ClaimedDelivery replayedDelivery(const MessageView &m, const DeliveryView &d)
{
    ClaimedDelivery c;
    c.deliveryId = d.deliveryId;
    c.messageId = m.id;
    c.idempotencyKey = m.idempotencyKey;
    c.traceId = m.traceId;
    c.payload = m.payload;
    c.payloadVersion = 1;
    for (const PayloadVersion &v : d.payloadVersions) {
        if (v.version == d.payloadVersion) {
            c.payload = v.payload;
            c.payloadVersion = v.version;
        }
    }
    c.attempts = 0;
    c.round = d.round + 1;
    c.createdAtMs = m.createdAtMs;
    return c;
}

} // namespace Tandem
