// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/ingestrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "engine/core/ids.h"

namespace Tandem {

namespace {

using Parsed = IngestRequest::Parsed;
using Problem = IngestRequest::Problem;

Parsed failed(Problem problem, QString error)
{
    Parsed p;
    p.problem = problem;
    p.error = std::move(error);
    return p;
}

// The media type without parameters ("application/json; charset=utf-8" → "application/json").
QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

bool isJson(const QByteArray &type) { return type == "application/json"; }
bool isJsonLines(const QByteArray &type)
{
    return type == "application/x-ndjson" || type == "application/jsonl"
        || type == "application/json-lines" || type == "application/jsonlines";
}

// A header value that is safe to store and send on: printable ASCII, bounded.
std::optional<QString> checkKey(const char *name, const QByteArray &value, int maxBytes)
{
    if (value.size() > maxBytes)
        return QStringLiteral("%1 is longer than %2 bytes")
            .arg(QLatin1StringView(name))
            .arg(maxBytes);
    for (char c : value) {
        if (c < 0x21 || c > 0x7e)
            return QStringLiteral("%1 may contain only printable ASCII without spaces")
                .arg(QLatin1StringView(name));
    }
    return std::nullopt;
}

std::optional<QString> checkHeaders(const IngestRequest::Headers &h, const IngestRequest::Limits &l)
{
    if (auto e = checkKey("Idempotency-Key", h.idempotencyKey, l.maxKeyBytes))
        return e;
    if (auto e = checkKey("X-Partition-Key", h.partitionKey, l.maxKeyBytes))
        return e;
    if (!h.traceparent.isEmpty() && traceIdOf(h.traceparent).isEmpty())
        return QStringLiteral("traceparent is not a W3C traceparent "
                              "(00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>)");
    return std::nullopt;
}

QString parseError(const QJsonParseError &pe, const QByteArray &text)
{
    const QByteArray before = text.left(pe.offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = pe.offset - (before.lastIndexOf('\n') + 1) + 1;
    return QStringLiteral("%1 at line %2, column %3").arg(pe.errorString()).arg(line).arg(column);
}

// The byte ranges of the elements of a JSON array that is known to be valid (it parsed): the
// messages are stored as the producer wrote them, and the batch is not serialized again.
QList<QByteArray> arrayElements(const QByteArray &text)
{
    QList<QByteArray> out;
    qsizetype i = text.indexOf('[') + 1;
    int depth = 0;
    bool inString = false;
    qsizetype start = -1;
    for (; i < text.size(); ++i) {
        const char c = text.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (start < 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ']')
            start = i;
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            ++depth;
            break;
        case '}':
        case ']':
            if (depth == 0) {
                if (start >= 0)
                    out.append(text.mid(start, i - start).trimmed());
                return out;
            }
            --depth;
            break;
        case ',':
            if (depth == 0) {
                out.append(text.mid(start, i - start).trimmed());
                start = -1;
            }
            break;
        default:
            break;
        }
    }
    return out;
}

// One message out of a JSON value: the payload itself, or an envelope around it.
std::optional<QString> addItem(QList<NewMessage> &out, const QJsonValue &item, bool envelope,
    const IngestRequest::Headers &h, const IngestRequest::Limits &limits, qsizetype index,
    const QByteArray &raw = {})
{
    NewMessage m;
    m.partitionKey = h.partitionKey;
    m.traceparent = h.traceparent;
    if (!h.idempotencyKey.isEmpty())
        m.idempotencyKey = h.idempotencyKey + '#' + QByteArray::number(index);
    QJsonValue payload = item;
    if (envelope) {
        if (!item.isObject())
            return QStringLiteral("must be an object {\"payload\": …}");
        const QJsonObject o = item.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() != u"payload" && it.key() != u"idempotency_key"
                && it.key() != u"partition_key")
                return QStringLiteral("unknown key \"%1\" (expected payload, idempotency_key, "
                                      "partition_key)")
                    .arg(it.key());
        }
        payload = o.value(QStringLiteral("payload"));
        for (const auto &[key, target, header] : { std::tuple { QStringLiteral("idempotency_key"),
                                                       &m.idempotencyKey, "idempotency_key" },
                 std::tuple {
                     QStringLiteral("partition_key"), &m.partitionKey, "partition_key" } }) {
            if (!o.contains(key))
                continue;
            if (!o.value(key).isString())
                return QStringLiteral("%1 must be a string").arg(key);
            *target = o.value(key).toString().toUtf8();
            if (auto e = checkKey(header, *target, limits.maxKeyBytes))
                return e;
        }
    }
    if (!payload.isObject() && !payload.isArray())
        return envelope ? QStringLiteral("payload must be a JSON object or array")
                        : QStringLiteral("a message must be a JSON object or array");
    if (!envelope && !raw.isEmpty())
        m.payload = raw; // as the producer wrote it
    else
        m.payload = payload.isObject()
            ? QJsonDocument(payload.toObject()).toJson(QJsonDocument::Compact)
            : QJsonDocument(payload.toArray()).toJson(QJsonDocument::Compact);
    out.append(std::move(m));
    return std::nullopt;
}

} // namespace

Parsed IngestRequest::single(const Headers &h, const QByteArray &body, const Limits &limits)
{
    if (!isJson(mediaType(h.contentType)))
        return failed(Problem::UnsupportedMediaType,
            QStringLiteral("Content-Type must be application/json (got \"%1\")")
                .arg(QString::fromLatin1(h.contentType.left(100))));
    if (auto e = checkHeaders(h, limits))
        return failed(Problem::InvalidHeader, *e);
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return failed(
            Problem::MalformedJson, QStringLiteral("malformed JSON: %1").arg(parseError(pe, body)));
    if (!doc.isObject() && !doc.isArray())
        return failed(
            Problem::MalformedJson, QStringLiteral("a message must be a JSON object or array"));
    Parsed p;
    NewMessage m;
    // Kept byte for byte: the targets receive what the producer sent.
    m.payload = body;
    m.idempotencyKey = h.idempotencyKey;
    m.partitionKey = h.partitionKey;
    m.traceparent = h.traceparent;
    p.messages.append(std::move(m));
    return p;
}

Parsed IngestRequest::batch(
    const Headers &h, const QByteArray &body, bool envelope, const Limits &limits)
{
    const QByteArray type = mediaType(h.contentType);
    if (!isJson(type) && !isJsonLines(type))
        return failed(Problem::UnsupportedMediaType,
            QStringLiteral("Content-Type must be application/json (an array) or "
                           "application/x-ndjson (JSON Lines) (got \"%1\")")
                .arg(QString::fromLatin1(h.contentType.left(100))));
    if (auto e = checkHeaders(h, limits))
        return failed(Problem::InvalidHeader, *e);
    Parsed p;
    auto tooMany = [&](qsizetype n) {
        return failed(Problem::TooManyItems,
            QStringLiteral("the batch has %1 items or more; the limit is %2 per request")
                .arg(n)
                .arg(limits.maxBatchItems));
    };
    if (isJson(type)) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
        if (pe.error != QJsonParseError::NoError)
            return failed(Problem::MalformedJson,
                QStringLiteral("malformed JSON: %1").arg(parseError(pe, body)));
        if (!doc.isArray())
            return failed(Problem::MalformedJson,
                QStringLiteral("a batch must be a JSON array of messages (or JSON Lines with "
                               "Content-Type application/x-ndjson)"));
        const QJsonArray items = doc.array();
        if (items.size() > limits.maxBatchItems)
            return tooMany(items.size());
        p.messages.reserve(items.size());
        const QList<QByteArray> raw = envelope ? QList<QByteArray>() : arrayElements(body);
        Q_ASSERT(envelope || raw.size() == items.size());
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (auto e = addItem(p.messages, items.at(i), envelope, h, limits, i,
                    raw.size() == items.size() ? raw.at(i) : QByteArray()))
                return failed(Problem::MalformedJson, QStringLiteral("item %1: %2").arg(i).arg(*e));
        }
    } else {
        qsizetype index = 0;
        qsizetype line = 0;
        qsizetype from = 0;
        while (from < body.size()) {
            qsizetype end = body.indexOf('\n', from);
            if (end < 0)
                end = body.size();
            const QByteArray text = body.mid(from, end - from).trimmed();
            ++line;
            from = end + 1;
            if (text.isEmpty())
                continue;
            if (index >= limits.maxBatchItems)
                return tooMany(index + 1);
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
            if (pe.error != QJsonParseError::NoError)
                return failed(Problem::MalformedJson,
                    QStringLiteral("item %1 (line %2): malformed JSON: %3 at column %4")
                        .arg(index)
                        .arg(line)
                        .arg(pe.errorString())
                        .arg(pe.offset + 1));
            const QJsonValue item
                = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
            if (auto e = addItem(p.messages, item, envelope, h, limits, index, text))
                return failed(Problem::MalformedJson,
                    QStringLiteral("item %1 (line %2): %3").arg(index).arg(line).arg(*e));
            ++index;
        }
    }
    if (p.messages.isEmpty())
        return failed(Problem::MalformedJson, QStringLiteral("the batch is empty"));
    return p;
}

} // namespace Tandem
