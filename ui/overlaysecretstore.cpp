// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/overlaysecretstore.h"

#include <QObject>
#include <QTimer>

namespace Tandem::Ui {

OverlaySecretStore::OverlaySecretStore(SecretStore *underlying, QHash<QString, QByteArray> values)
    : m_underlying(underlying)
    , m_values(std::move(values))
{
}

void OverlaySecretStore::read(
    const QString &key, QObject *context, std::function<void(Result<QByteArray>)> done)
{
    if (const auto it = m_values.constFind(key); it != m_values.constEnd()) {
        // SecretStore promises never to answer from inside the call.
        QTimer::singleShot(0, context, [done = std::move(done), value = *it] { done(value); });
        return;
    }
    if (m_underlying) {
        m_underlying->read(key, context, std::move(done));
        return;
    }
    QTimer::singleShot(0, context, [done = std::move(done)] {
        done(fail(Error { Error::Code::KeychainUnavailable,
            QObject::tr("no OS keychain is available to read the stored secret") }));
    });
}

void OverlaySecretStore::write(
    const QString &, const QByteArray &, QObject *context, std::function<void(Result<void>)> done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] {
        done(fail(Error { Error::Code::Internal,
            QStringLiteral("OverlaySecretStore is read-only: nothing is saved through it") }));
    });
}

void OverlaySecretStore::remove(
    const QString &, QObject *context, std::function<void(Result<void>)> done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] {
        done(fail(Error { Error::Code::Internal,
            QStringLiteral("OverlaySecretStore is read-only: nothing is removed through it") }));
    });
}

} // namespace Tandem::Ui
