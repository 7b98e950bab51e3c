// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/authconfig.h"

#include <QRegularExpression>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"
#include "engine/secrets/secretref.h"

namespace Tandem {

using JsonFields::join;
using JsonFields::readString;
using JsonFields::rejectUnknown;

namespace {

constexpr auto kKindNames = std::to_array<std::pair<AuthKind, QLatin1StringView>>({
    { AuthKind::None, QLatin1StringView("none") },
    { AuthKind::Bearer, QLatin1StringView("bearer") },
    { AuthKind::ApiKey, QLatin1StringView("api_key") },
    { AuthKind::Basic, QLatin1StringView("basic") },
    { AuthKind::OAuth2ClientCredentials, QLatin1StringView("oauth2_client_credentials") },
});

} // namespace

QString authKindName(AuthKind kind)
{
    for (const auto &[k, name] : kKindNames) {
        if (k == kind)
            return QString(name);
    }
    return {};
}

std::optional<AuthKind> authKindFromName(const QString &name)
{
    for (const auto &[k, n] : kKindNames) {
        if (n == name)
            return k;
    }
    return std::nullopt;
}

QString AuthConfig::secretField() const
{
    switch (kind) {
    case AuthKind::None:
        return {};
    case AuthKind::Bearer:
        return QStringLiteral("token");
    case AuthKind::ApiKey:
        return QStringLiteral("key");
    case AuthKind::Basic:
        return QStringLiteral("password");
    case AuthKind::OAuth2ClientCredentials:
        return QStringLiteral("client_secret");
    }
    return {};
}

Result<AuthConfig> AuthConfig::fromJson(const QJsonValue &json, const QString &where)
{
    const QString self = where.isEmpty() ? QStringLiteral("auth") : where;
    if (json.isNull())
        return AuthConfig {};
    if (!json.isObject())
        return fail(Error::invalid(ConfigText::tr("%1: must be an object").arg(self)));
    const QJsonObject o = json.toObject();
    auto kindName = readString(o, where, QLatin1StringView("kind"), QStringLiteral("none"));
    if (!kindName)
        return fail(kindName.error());
    const auto kind = authKindFromName(*kindName);
    if (!kind)
        return fail(Error::invalid(
            ConfigText::tr("%1: unknown kind \"%2\" (expected none, bearer, api_key, basic or "
                           "oauth2_client_credentials)")
                .arg(join(where, QLatin1StringView("kind")), *kindName)));

    AuthConfig a;
    a.kind = *kind;
    const QLatin1StringView kindKey("kind");
    Result<void> known;
    switch (a.kind) {
    case AuthKind::None:
        known = rejectUnknown(o, self, { kindKey });
        break;
    case AuthKind::Bearer:
        known = rejectUnknown(o, self, { kindKey, QLatin1StringView("token") });
        break;
    case AuthKind::ApiKey:
        known = rejectUnknown(
            o, self, { kindKey, QLatin1StringView("header"), QLatin1StringView("key") });
        break;
    case AuthKind::Basic:
        known = rejectUnknown(
            o, self, { kindKey, QLatin1StringView("username"), QLatin1StringView("password") });
        break;
    case AuthKind::OAuth2ClientCredentials:
        known = rejectUnknown(o, self,
            { kindKey, QLatin1StringView("token_url"), QLatin1StringView("client_id"),
                QLatin1StringView("client_secret"), QLatin1StringView("scope") });
        break;
    }
    if (!known)
        return fail(known.error());
    if (a.kind == AuthKind::None)
        return a;

    const QString field = a.secretField();
    auto secret = readSecretRefField(o, where, QLatin1StringView(field.toLatin1()));
    if (!secret)
        return fail(secret.error());
    a.secret = *secret;

    if (a.kind == AuthKind::ApiKey) {
        auto header
            = readString(o, where, QLatin1StringView("header"), QString::fromLatin1(a.header));
        if (!header)
            return fail(header.error());
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
        const QString lower = header->toLower();
        if (!token.match(*header).hasMatch() || lower == u"content-type"
            || lower == u"content-length" || lower == u"host" || lower == u"idempotency-key")
            return fail(
                Error::invalid(ConfigText::tr("%1: \"%2\" is not a usable header name")
                                   .arg(join(where, QLatin1StringView("header")), *header)));
        a.header = header->toLatin1();
    }
    if (a.kind == AuthKind::Basic) {
        auto user = readString(o, where, QLatin1StringView("username"), {});
        if (!user)
            return fail(user.error());
        if (user->isEmpty() || user->contains(u':'))
            return fail(Error::invalid(ConfigText::tr("%1: required, and may not contain ':'")
                                           .arg(join(where, QLatin1StringView("username")))));
        a.username = *user;
    }
    if (a.kind == AuthKind::OAuth2ClientCredentials) {
        auto url = readString(o, where, QLatin1StringView("token_url"), {});
        if (!url)
            return fail(url.error());
        const QUrl u(*url, QUrl::StrictMode);
        if (!u.isValid() || (u.scheme() != u"http" && u.scheme() != u"https") || u.host().isEmpty()
            || !u.userInfo().isEmpty())
            return fail(Error::invalid(
                ConfigText::tr("%1: \"%2\" is not an http:// or https:// URL with a host (and no "
                               "credentials in it)")
                    .arg(join(where, QLatin1StringView("token_url")), *url)));
        a.tokenUrl = u;
        auto clientId = readString(o, where, QLatin1StringView("client_id"), {});
        if (!clientId)
            return fail(clientId.error());
        if (clientId->isEmpty())
            return fail(Error::invalid(
                ConfigText::tr("%1: required").arg(join(where, QLatin1StringView("client_id")))));
        a.clientId = *clientId;
        auto scope = readString(o, where, QLatin1StringView("scope"), {}, true);
        if (!scope)
            return fail(scope.error());
        a.scope = *scope;
    }
    return a;
}

QJsonObject AuthConfig::toJson() const
{
    QJsonObject o { { QStringLiteral("kind"), authKindName(kind) } };
    if (kind == AuthKind::None)
        return o;
    o.insert(secretField(), secret.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(secret));
    switch (kind) {
    case AuthKind::ApiKey:
        o.insert(QStringLiteral("header"), QString::fromLatin1(header));
        break;
    case AuthKind::Basic:
        o.insert(QStringLiteral("username"), username);
        break;
    case AuthKind::OAuth2ClientCredentials:
        o.insert(QStringLiteral("token_url"), tokenUrl.toString(QUrl::FullyEncoded));
        o.insert(QStringLiteral("client_id"), clientId);
        o.insert(QStringLiteral("scope"),
            scope.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(scope));
        break;
    default:
        break;
    }
    return o;
}

} // namespace Tandem
