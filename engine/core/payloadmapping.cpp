// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/payloadmapping.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"

namespace Tandem {

using JsonFields::join;
using JsonFields::rejectUnknown;

namespace {

QString unescapeToken(QStringView token)
{
    QString out = token.toString();
    // Order matters (RFC 6901 §4): "~01" is "~1" literally, not "/".
    out.replace(QStringLiteral("~1"), QStringLiteral("/"));
    out.replace(QStringLiteral("~0"), QStringLiteral("~"));
    return out;
}

std::optional<qsizetype> arrayIndex(const QString &token)
{
    // No leading zeros, no sign: "01" and "-" name nothing in an existing array.
    if (token.isEmpty() || (token.size() > 1 && token.startsWith(u'0')))
        return std::nullopt;
    bool ok = false;
    const qsizetype i = token.toLongLong(&ok);
    if (!ok || i < 0)
        return std::nullopt;
    for (QChar c : token) {
        if (!c.isDigit())
            return std::nullopt;
    }
    return i;
}

} // namespace

bool isValidJsonPointer(const QString &pointer)
{
    if (pointer.isEmpty())
        return true;
    if (!pointer.startsWith(u'/'))
        return false;
    for (qsizetype i = 0; i < pointer.size(); ++i) {
        if (pointer.at(i) == u'~'
            && (i + 1 >= pointer.size()
                || (pointer.at(i + 1) != u'0' && pointer.at(i + 1) != u'1')))
            return false;
    }
    return true;
}

std::optional<QJsonValue> resolveJsonPointer(const QJsonValue &document, const QString &pointer)
{
    Q_ASSERT(isValidJsonPointer(pointer));
    QJsonValue at = document;
    if (pointer.isEmpty())
        return at;
    const auto tokens = QStringView(pointer).mid(1).split(u'/');
    for (QStringView raw : tokens) {
        const QString token = unescapeToken(raw);
        if (at.isObject()) {
            const QJsonObject o = at.toObject();
            auto it = o.constFind(token);
            if (it == o.constEnd())
                return std::nullopt;
            at = it.value();
        } else if (at.isArray()) {
            const QJsonArray a = at.toArray();
            const auto i = arrayIndex(token);
            if (!i || *i >= a.size())
                return std::nullopt;
            at = a.at(*i);
        } else {
            return std::nullopt;
        }
    }
    return at;
}

Result<QByteArray> PayloadMapping::apply(const QByteArray &payload) const
{
    if (isIdentity())
        return payload;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(Error::invalid(
            QStringLiteral("mapping: the message is not JSON (%1)").arg(pe.errorString())));
    const QJsonValue root = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    QJsonObject out = constants;
    for (const auto &[field, pointer] : fields) {
        const auto v = resolveJsonPointer(root, pointer);
        if (!v)
            return fail(Error::invalid(
                QStringLiteral("mapping: the message has no value at \"%1\" (for field \"%2\")")
                    .arg(pointer, field)));
        out.insert(field, *v);
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

Result<PayloadMapping> PayloadMapping::fromJson(const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("mapping") : where;
    if (json.isNull())
        return PayloadMapping {};
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object or null").arg(self)));
    const QJsonObject o = json.toObject();
    if (auto known
        = rejectUnknown(o, self, { QLatin1StringView("fields"), QLatin1StringView("constants") });
        !known)
        return fail(known.error());
    PayloadMapping m;
    const QString fieldsWhere = join(where, QLatin1StringView("fields"));
    const QJsonValue fields = o.value(QStringLiteral("fields"));
    if (!fields.isUndefined() && !fields.isNull() && !fields.isObject())
        return fail(Error::invalid(
            ConfigText::tr("%1: must be an object of field: \"/json/pointer\"").arg(fieldsWhere)));
    const QJsonObject f = fields.toObject();
    for (auto it = f.begin(); it != f.end(); ++it) {
        const QString field = QStringLiteral("%1.%2").arg(fieldsWhere, it.key());
        if (it.key().isEmpty())
            return fail(Error::invalid(
                ConfigText::tr("%1: a field name may not be empty").arg(fieldsWhere)));
        if (!it.value().isString())
            return fail(Error::invalid(
                ConfigText::tr("%1: must be a JSON Pointer string such as \"/user/email\"")
                    .arg(field)));
        const QString pointer = it.value().toString();
        if (!isValidJsonPointer(pointer))
            return fail(Error::invalid(
                ConfigText::tr("%1: \"%2\" is not a JSON Pointer (it starts with '/', and '~' "
                               "is written ~0, '/' inside a name ~1)")
                    .arg(field, pointer)));
        m.fields.append({ it.key(), pointer });
    }
    const QJsonValue constants = o.value(QStringLiteral("constants"));
    if (!constants.isUndefined() && !constants.isNull() && !constants.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object")
                                       .arg(join(where, QLatin1StringView("constants")))));
    m.constants = constants.toObject();
    for (const auto &[field, pointer] : std::as_const(m.fields)) {
        if (m.constants.contains(field))
            return fail(Error::invalid(
                ConfigText::tr("%1: \"%2\" is both mapped and constant").arg(self, field)));
    }
    if (m.isIdentity())
        return fail(Error::invalid(ConfigText::tr(
            "%1: maps nothing (give fields or constants, or null to send the whole message)")
                                       .arg(self)));
    return m;
}

QJsonValue PayloadMapping::toJson() const
{
    if (isIdentity())
        return QJsonValue::Null;
    QJsonObject f;
    for (const auto &[field, pointer] : fields)
        f.insert(field, pointer);
    return QJsonObject { { QStringLiteral("fields"), f },
        { QStringLiteral("constants"), constants } };
}

} // namespace Tandem
