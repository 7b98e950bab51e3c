// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QHash>
#include <QTimer>

#include "engine/secrets/secretstore.h"

namespace Tandem::Testing {

/// A SecretStore in memory that answers like the real one: later, on the context's thread. For
/// tests where the keychain is not the point (tst_keychain covers the real one); `failure` makes
/// every read fail with that error.
class MemorySecretStore final : public SecretStore
{
public:
    void read(
        const QString &key, QObject *context, std::function<void(Result<QByteArray>)> done) override
    {
        ++reads;
        Result<QByteArray> result = failure ? Result<QByteArray>(fail(*failure))
            : values.contains(key)
            ? Result<QByteArray>(values.value(key))
            : Result<QByteArray>(fail(Error::notFound(QStringLiteral("no entry ") + key)));
        QTimer::singleShot(0, context, [done = std::move(done), result]() { done(result); });
    }
    void write(const QString &key, const QByteArray &value, QObject *context,
        std::function<void(Result<void>)> done) override
    {
        values.insert(key, value);
        QTimer::singleShot(0, context, [done = std::move(done)]() { done({}); });
    }
    void remove(
        const QString &key, QObject *context, std::function<void(Result<void>)> done) override
    {
        values.remove(key);
        QTimer::singleShot(0, context, [done = std::move(done)]() { done({}); });
    }

    QHash<QString, QByteArray> values;
    std::optional<Error> failure;
    int reads = 0;
};

} // namespace Tandem::Testing
