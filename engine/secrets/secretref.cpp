// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/secrets/secretref.h"

#include <algorithm>

#include <QDir>
#include <QUuid>

#include "engine/core/configtext.h"
#include "engine/core/jsonfields.h"

namespace Tandem {

namespace {

constexpr qsizetype kMaxKeychainId = 128;

QString validForms()
{
    return ConfigText::tr(
        "a secret reference is `keychain:<id>` (id: 1 to 128 of A-Z a-z 0-9 . _ -), "
        "`env:<NAME>` (an environment variable: letters, digits and _, not starting with a "
        "digit) or `file:</absolute/path>`");
}

bool isAsciiLetter(QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }

bool isAsciiDigit(QChar c) { return c >= u'0' && c <= u'9'; }

bool isKeychainId(QStringView id)
{
    if (id.isEmpty() || id.size() > kMaxKeychainId)
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return isAsciiLetter(c) || isAsciiDigit(c) || c == u'.' || c == u'_' || c == u'-';
    });
}

bool isEnvName(QStringView name)
{
    if (name.isEmpty() || isAsciiDigit(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(),
        [](QChar c) { return isAsciiLetter(c) || isAsciiDigit(c) || c == u'_'; });
}

QString prefixOf(SecretRef::Kind kind)
{
    switch (kind) {
    case SecretRef::Kind::Keychain:
        return QStringLiteral("keychain:");
    case SecretRef::Kind::Env:
        return QStringLiteral("env:");
    case SecretRef::Kind::File:
        return QStringLiteral("file:");
    }
    Q_UNREACHABLE();
}

} // namespace

SecretRef::SecretRef(Kind kind, QString name)
    : m_kind(kind)
    , m_name(std::move(name))
{
}

Result<SecretRef> SecretRef::parse(const QString &text)
{
    // No message below quotes `text`: whoever gets this wrong has often pasted the secret itself.
    for (Kind kind : { Kind::Keychain, Kind::Env, Kind::File }) {
        const QString prefix = prefixOf(kind);
        if (!text.startsWith(prefix))
            continue;
        const QString name = text.mid(prefix.size());
        switch (kind) {
        case Kind::Keychain:
            if (!isKeychainId(name))
                return fail(Error::invalid(
                    ConfigText::tr("invalid `keychain:` reference: the id must be 1 to 128 of "
                                   "A-Z a-z 0-9 . _ - (%1)")
                        .arg(validForms())));
            break;
        case Kind::Env:
            if (!isEnvName(name))
                return fail(Error::invalid(
                    ConfigText::tr("invalid `env:` reference: the variable name must be "
                                   "letters, digits and _, not starting with a digit (%1)")
                        .arg(validForms())));
            break;
        case Kind::File:
            if (name.isEmpty() || !QDir::isAbsolutePath(name) || name.contains(QChar(0)))
                return fail(Error::invalid(
                    ConfigText::tr("invalid `file:` reference: the path must be absolute (%1)")
                        .arg(validForms())));
            break;
        }
        return SecretRef(kind, name);
    }
    if (text.isEmpty())
        return fail(
            Error::invalid(ConfigText::tr("the secret reference is empty: %1").arg(validForms())));
    return fail(Error::invalid(
        ConfigText::tr("this is not a secret reference: %1. It looks like a secret value, which "
                       "must not be put in the configuration: store it with `tandem secret set` "
                       "instead")
            .arg(validForms())));
}

SecretRef SecretRef::newKeychainRef()
{
    return SecretRef(Kind::Keychain, QUuid::createUuid().toString(QUuid::WithoutBraces));
}

QString SecretRef::toString() const { return prefixOf(m_kind) % m_name; }

Result<QString> readSecretRefField(
    const QJsonObject &object, const QString &where, QLatin1StringView key)
{
    auto text = JsonFields::readString(object, where, key, {}, true);
    if (!text || text->isEmpty())
        return text;
    auto ref = SecretRef::parse(*text);
    if (!ref)
        return fail(Error::invalid(
            QStringLiteral("%1: %2").arg(JsonFields::join(where, key), ref.error().message)));
    return ref->toString();
}

} // namespace Tandem
