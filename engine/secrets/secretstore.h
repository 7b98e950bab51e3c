// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QByteArray>
#include <QString>

#include "engine/core/error.h"

class QObject;

namespace Tandem {

/// Where secrets live: the OS keychain in production (KeychainSecretStore). Every call is
/// asynchronous and calls `done` exactly once, on `context`'s thread (never synchronously from
/// inside the call); if `context` is destroyed first, `done` is not called.
///
/// Errors: NotFound only when the keychain is reachable and unlocked and has no such entry;
/// KeychainLocked when it is locked (a locked keyring reads back as "not found", so this is
/// checked, never assumed); KeychainUnavailable when no keychain is reachable, with a message
/// that says what is missing and how to fix it. Messages never contain a secret.
///
/// Thread: used from the thread it was created on.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    virtual void read(
        const QString &key, QObject *context, std::function<void(Result<QByteArray>)> done)
        = 0;
    virtual void write(const QString &key, const QByteArray &value, QObject *context,
        std::function<void(Result<void>)> done)
        = 0;
    /// Removing an entry that does not exist succeeds.
    virtual void remove(
        const QString &key, QObject *context, std::function<void(Result<void>)> done)
        = 0;
};

} // namespace Tandem
