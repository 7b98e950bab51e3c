// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace Tandem {

/// The secret values a target's configuration refers to, resolved (from the keychain, the
/// environment or a file) by the engine's thread and handed to the target's worker by queued
/// call. Held in memory only: never stored, logged or shown. `problem` says why the target
/// cannot send (a secret not set, the keychain locked or unreachable); a worker with a problem
/// holds its deliveries instead of sending them without credentials.
struct TargetCredentials
{
    QByteArray authSecret; ///< bearer token, API key, basic password or OAuth client secret
    QByteArray signingSecret;
    QByteArray previousSigningSecret;
    QByteArray clientKeyPem;
    QString problem; ///< empty when every secret the target needs is here

    friend bool operator==(const TargetCredentials &, const TargetCredentials &) = default;
};

} // namespace Tandem

Q_DECLARE_METATYPE(Tandem::TargetCredentials)
