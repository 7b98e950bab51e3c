// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include "engine/secrets/secretstore.h"

namespace Tandem::Ui {

/// A read-only SecretStore that answers some keys from memory and every other key from the
/// underlying store: "Test connection" resolves a configuration whose new secrets are still only
/// typed in the dialog, and whose unchanged ones are in the keychain, through one resolver.
///
/// Thread: used from the thread that created it, like the store it wraps (not owned; may be
/// nullptr, then keys not held here fail with KeychainUnavailable). Writes and removals fail:
/// nothing is saved through it. Like every SecretStore, answers arrive asynchronously.
class OverlaySecretStore final : public SecretStore
{
public:
    OverlaySecretStore(SecretStore *underlying, QHash<QString, QByteArray> values);

    void read(const QString &key, QObject *context,
        std::function<void(Result<QByteArray>)> done) override;
    void write(const QString &key, const QByteArray &value, QObject *context,
        std::function<void(Result<void>)> done) override;
    void remove(
        const QString &key, QObject *context, std::function<void(Result<void>)> done) override;

private:
    SecretStore *m_underlying;
    QHash<QString, QByteArray> m_values;
};

} // namespace Tandem::Ui
