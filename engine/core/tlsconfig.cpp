// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/tlsconfig.h"

#include <QDir>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"
#include "engine/secrets/secretref.h"

namespace Tandem {

using JsonFields::join;
using JsonFields::readString;
using JsonFields::rejectUnknown;

namespace {

Result<QString> readPath(const QJsonObject &o, const QString &where, QLatin1StringView key)
{
    auto path = readString(o, where, key, {}, true);
    if (!path || path->isEmpty())
        return path;
    if (!QDir::isAbsolutePath(*path))
        return fail(Error::invalid(
            ConfigText::tr("%1: \"%2\" must be an absolute path").arg(join(where, key), *path)));
    return QDir::cleanPath(*path);
}

} // namespace

Result<TlsConfig> TlsConfig::fromJson(const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("tls") : where;
    if (json.isNull())
        return TlsConfig {};
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(self)));
    const QJsonObject o = json.toObject();
    if (auto known = rejectUnknown(o, self,
            { QLatin1StringView("ca_file"), QLatin1StringView("client_certificate"),
                QLatin1StringView("client_key") });
        !known)
        return fail(known.error());
    TlsConfig t;
    auto ca = readPath(o, where, QLatin1StringView("ca_file"));
    if (!ca)
        return fail(ca.error());
    t.caFile = *ca;
    auto cert = readPath(o, where, QLatin1StringView("client_certificate"));
    if (!cert)
        return fail(cert.error());
    t.clientCertificateFile = *cert;
    auto key = readSecretRefField(o, where, QLatin1StringView("client_key"));
    if (!key)
        return fail(key.error());
    t.clientKey = *key;
    if (!t.clientKey.isEmpty() && t.clientCertificateFile.isEmpty())
        return fail(Error::invalid(
            ConfigText::tr("%1: a client_key needs a client_certificate").arg(self)));
    return t;
}

QJsonObject TlsConfig::toJson() const
{
    auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject {
        { QStringLiteral("ca_file"), orNull(caFile) },
        { QStringLiteral("client_certificate"), orNull(clientCertificateFile) },
        { QStringLiteral("client_key"), orNull(clientKey) },
    };
}

} // namespace Tandem
