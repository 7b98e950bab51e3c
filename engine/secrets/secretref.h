// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// Where a secret comes from, as target configurations store it instead of the secret itself:
/// `keychain:<id>` (an entry of the OS keychain, id = 1 to 128 of [A-Za-z0-9._-]),
/// `env:<NAME>` (an environment variable, NAME = [A-Za-z_][A-Za-z0-9_]*) or
/// `file:<absolute path>` (a file only its owner can read). SecretResolver turns one into bytes.
///
/// A value type: always a valid reference (there is no empty one), cheap to copy, thread-safe.
/// Errors: parse() refuses anything else with a message that shows what a valid reference looks
/// like and never repeats the text, since a mistaken entry is often the secret itself.
class SecretRef
{
public:
    enum class Kind { Keychain, Env, File };

    static Result<SecretRef> parse(const QString &text);
    /// A fresh keychain reference, `keychain:<uuid>`, for a secret about to be stored.
    static SecretRef newKeychainRef();

    Kind kind() const { return m_kind; }
    /// The keychain id, the variable name or the file path: the text after the prefix.
    QString name() const { return m_name; }
    /// The reference as the configuration stores it; parse(toString()) gives it back.
    QString toString() const;

    friend bool operator==(const SecretRef &, const SecretRef &) = default;

private:
    SecretRef(Kind kind, QString name);

    Kind m_kind;
    QString m_name;
};

/// Reads `key` of a configuration object as a secret reference: absent or null reads as empty
/// (not set), anything else must parse; the error names the field ("auth.token: …"). Returns
/// the reference in its canonical text.
Result<QString> readSecretRefField(
    const QJsonObject &object, const QString &where, QLatin1StringView key);

} // namespace Tandem
