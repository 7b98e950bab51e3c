// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/jsonpayload.h"

#include <algorithm>

#include <QJsonDocument>
#include <QJsonParseError>

#include "engine/core/textdiff.h"

namespace Tandem {

QString JsonTextError::describe() const
{
    return QStringLiteral("%1 at line %2, column %3").arg(message).arg(line).arg(column);
}

std::optional<JsonTextError> jsonTextError(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error == QJsonParseError::NoError && !doc.isNull())
        return std::nullopt;
    // Qt reports the byte offset just past the character it stumbled on, in the UTF-8; an
    // editor counts characters per line and points at that character.
    const QByteArray head = text.left(std::clamp<qsizetype>(error.offset - 1, 0, text.size()));
    const qsizetype lineStart = head.lastIndexOf('\n') + 1;
    JsonTextError e;
    e.message = error.error == QJsonParseError::NoError
        ? QStringLiteral("not a JSON object or array")
        : error.errorString();
    e.line = int(head.count('\n')) + 1;
    e.column = int(QString::fromUtf8(head.mid(lineStart)).size()) + 1;
    e.offset = QString::fromUtf8(head).size();
    return e;
}

Result<QByteArray> compactJsonPayload(const QByteArray &text)
{
    if (const auto e = jsonTextError(text))
        return fail(
            Error::invalid(QStringLiteral("the payload is not valid JSON: %1").arg(e->describe())));
    return QJsonDocument::fromJson(text).toJson(QJsonDocument::Compact);
}

QString prettyJsonPayload(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return QString::fromUtf8(payload);
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

QString payloadDiff(const QByteArray &before, const QByteArray &after)
{
    return unifiedLineDiff(prettyJsonPayload(before), prettyJsonPayload(after));
}

} // namespace Tandem
