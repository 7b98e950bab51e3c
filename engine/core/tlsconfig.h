// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// A target's TLS settings, as the `tls` object of a target configuration. Certificate
/// verification is always on and cannot be turned off. `caFile` (PEM) replaces the system CAs
/// for this target only: a private CA is trusted for its target and nowhere else. A client
/// certificate (PEM file) goes with a private key that is a secret reference (see SecretRef),
/// for mutual TLS.
struct TlsConfig
{
    QString caFile; ///< absolute path, empty = the system's CAs
    QString clientCertificateFile; ///< absolute path, empty = no client certificate
    QString clientKey; ///< reference to the PEM private key; set iff a client certificate is

    bool isDefault() const { return caFile.isEmpty() && clientCertificateFile.isEmpty(); }

    static Result<TlsConfig> fromJson(const QJsonValue &json, const QString &where);
    QJsonObject toJson() const;

    friend bool operator==(const TlsConfig &, const TlsConfig &) = default;
};

} // namespace Tandem
