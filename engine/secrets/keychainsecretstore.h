// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include "engine/secrets/secretstore.h"

namespace Tandem {

/// The SecretStore on the OS keychain, through QtKeychain: the Secret Service (gnome-keyring,
/// KWallet) on Linux, Keychain Services on macOS, the Credential Manager on Windows. Entries are
/// filed under `service` (QtKeychain's libsecret backend: attribute `server` = service, `user` =
/// key, `type` = base64, schema org.qt.keychain): values are binary, which QtKeychain stores
/// base64-encoded. There is never a plain-text fallback: where no keychain works, calls fail.
///
/// Thread: lives on and is used from the thread that created it, which must run an event loop
/// (the keychain answers through it). On Linux that loop must be Qt's GLib event dispatcher, the
/// default: libsecret answers through GLib, and with QT_NO_GLIB=1 no call ever finishes. Only
/// the main thread is tested. Calls already started complete even if the store is destroyed.
/// Errors: as SecretStore. On Linux a "not found" answer is checked against the Locked property
/// of the Secret Service's default collection, since a locked keyring hides its entries;
/// KeychainUnavailable messages quote QtKeychain's own error and point to `env:` / `file:`
/// references for machines without a keychain; a refusal by the keychain is Io.
class KeychainSecretStore final : public QObject, public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    explicit KeychainSecretStore(
        QString service = QStringLiteral("tandem"), QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }

    void read(const QString &key, QObject *context,
        std::function<void(Result<QByteArray>)> done) override;
    void write(const QString &key, const QByteArray &value, QObject *context,
        std::function<void(Result<void>)> done) override;
    void remove(
        const QString &key, QObject *context, std::function<void(Result<void>)> done) override;

private:
    QString m_service;
};

} // namespace Tandem
