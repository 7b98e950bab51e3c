// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/signingconfig.h"

#include <QDateTime>
#include <QJsonObject>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"
#include "engine/secrets/secretref.h"

namespace Tandem {

using JsonFields::join;
using JsonFields::readString;
using JsonFields::rejectUnknown;

Result<SigningConfig> SigningConfig::fromJson(const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("signing") : where;
    if (json.isNull())
        return SigningConfig {};
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object or null").arg(self)));
    const QJsonObject o = json.toObject();
    if (auto known = rejectUnknown(o, self,
            { QLatin1StringView("secret"), QLatin1StringView("previous_secret"),
                QLatin1StringView("previous_until") });
        !known)
        return fail(known.error());
    SigningConfig s;
    auto secret = readSecretRefField(o, where, QLatin1StringView("secret"));
    if (!secret)
        return fail(secret.error());
    s.secret = *secret;
    auto previous = readSecretRefField(o, where, QLatin1StringView("previous_secret"));
    if (!previous)
        return fail(previous.error());
    s.previousSecret = *previous;
    auto until = readString(o, where, QLatin1StringView("previous_until"), {}, true);
    if (!until)
        return fail(until.error());
    if (!until->isEmpty()) {
        const QDateTime t = QDateTime::fromString(*until, Qt::ISODateWithMs);
        if (!t.isValid() || t.timeSpec() == Qt::LocalTime)
            return fail(Error::invalid(
                ConfigText::tr("%1: \"%2\" is not an ISO 8601 time with a zone (e.g. "
                               "2026-11-24T12:00:00Z)")
                    .arg(join(where, QLatin1StringView("previous_until")), *until)));
        s.previousUntilMs = t.toMSecsSinceEpoch();
    }
    if (s.previousSecret.isEmpty() != (s.previousUntilMs == 0))
        return fail(Error::invalid(
            ConfigText::tr("%1: previous_secret and previous_until go together").arg(self)));
    if (!s.previousSecret.isEmpty() && s.secret.isEmpty())
        return fail(
            Error::invalid(ConfigText::tr("%1: a previous secret needs a current one").arg(self)));
    return s;
}

QJsonValue SigningConfig::toJson() const
{
    if (!enabled())
        return QJsonValue::Null;
    QJsonObject o { { QStringLiteral("secret"), secret } };
    if (!previousSecret.isEmpty()) {
        o.insert(QStringLiteral("previous_secret"), previousSecret);
        o.insert(QStringLiteral("previous_until"),
            QDateTime::fromMSecsSinceEpoch(previousUntilMs, Qt::UTC).toString(Qt::ISODate));
    }
    return o;
}

} // namespace Tandem
