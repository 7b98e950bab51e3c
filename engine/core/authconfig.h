// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrl>

#include "engine/core/error.h"

namespace Tandem {

enum class AuthKind {
    None,
    Bearer, ///< Authorization: Bearer <token>
    ApiKey, ///< <header>: <key>
    Basic, ///< Authorization: Basic base64(username:password)
    OAuth2ClientCredentials, ///< a token from the token endpoint, cached until it expires
};

/// How a target authenticates, as the `auth` object of a target configuration. The secret
/// itself (token, key, password or client secret) is never here: `secret` is a reference
/// ("keychain:ID", "env:NAME" or "file:/path", see SecretRef), empty until one is set. A target
/// whose kind needs a secret that is not set holds its deliveries rather than sending them
/// unauthenticated.
struct AuthConfig
{
    AuthKind kind = AuthKind::None;
    QString secret; ///< reference to the token, key, password or client secret
    QByteArray header = "X-API-Key"; ///< api_key: the header carrying the key
    QString username; ///< basic
    QUrl tokenUrl; ///< oauth2_client_credentials
    QString clientId; ///< oauth2_client_credentials
    QString scope; ///< oauth2_client_credentials, optional

    bool needsSecret() const { return kind != AuthKind::None; }
    /// The JSON key holding the secret reference for this kind ("token", "key", …).
    QString secretField() const;

    static Result<AuthConfig> fromJson(const QJsonValue &json, const QString &where);
    QJsonObject toJson() const;

    friend bool operator==(const AuthConfig &, const AuthConfig &) = default;
};

QString authKindName(AuthKind kind);
std::optional<AuthKind> authKindFromName(const QString &name);

} // namespace Tandem
