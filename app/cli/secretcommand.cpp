// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem secret set|clear TARGET`: a target's secrets go into the OS keychain (or, on a headless
// server, are referenced from an environment variable or an owner-only file); the store keeps
// only the reference. Every `set` files the value under a new keychain id and points the target
// at it, so every engine on the store sees a configuration change and reads the new value.
#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>

#include "app/cli/await.h"
#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "engine/core/clock.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

namespace {

constexpr qint64 MaxSecretBytes = 64 * 1024;
constexpr qint64 DefaultGraceS = 24 * 3600;

enum class Slot { Auth, Signing, ClientKey };

std::optional<Slot> slotFromName(const QString &name)
{
    if (name == u"auth")
        return Slot::Auth;
    if (name == u"signing")
        return Slot::Signing;
    if (name == u"client-key")
        return Slot::ClientKey;
    return std::nullopt;
}

QString slotField(const TargetConfig &c, Slot slot)
{
    switch (slot) {
    case Slot::Auth:
        return QStringLiteral("auth.") + c.auth.secretField();
    case Slot::Signing:
        return QStringLiteral("signing.secret");
    case Slot::ClientKey:
        return QStringLiteral("tls.client_key");
    }
    return {};
}

QString &slotReference(TargetConfig &c, Slot slot)
{
    switch (slot) {
    case Slot::Auth:
        return c.auth.secret;
    case Slot::Signing:
        return c.signing.secret;
    case Slot::ClientKey:
        break;
    }
    return c.tls.clientKey;
}

Result<qint64> parseDurationS(const QString &text)
{
    static const QList<QPair<QChar, qint64>> units { { u's', 1 }, { u'm', 60 }, { u'h', 3600 },
        { u'd', 86400 } };
    for (const auto &[unit, factor] : units) {
        if (text.endsWith(unit)) {
            bool ok = false;
            const qint64 n = text.chopped(1).toLongLong(&ok);
            if (ok && n >= 0 && n <= 365 * 86400 / factor)
                return n * factor;
        }
    }
    return fail(Error::invalid(
        Text::tr("--grace: \"%1\" is not a duration such as 90s, 30m, 24h or 7d").arg(text)));
}

} // namespace

int runSecret(CliContext &context, const QCommandLineParser &parser)
{
    const QStringList args = context.arguments();
    if (args.size() != 2 || (args.at(0) != u"set" && args.at(0) != u"clear"))
        return context.failWith(
            Text::tr("usage: tandem secret set|clear TARGET [--kind auth|signing|client-key]"),
            ExitUsageError);
    const bool set = args.at(0) == u"set";
    const auto slot = slotFromName(parser.value(QStringLiteral("kind")));
    if (!slot)
        return context.failWith(Text::tr("--kind: \"%1\" is not auth, signing or client-key")
                                    .arg(parser.value(QStringLiteral("kind"))),
            ExitUsageError);
    const bool fromEnv = parser.isSet(QStringLiteral("env"));
    const bool fromFile = parser.isSet(QStringLiteral("file"));
    if (fromEnv && fromFile)
        return context.failWith(Text::tr("--env and --file exclude each other"), ExitUsageError);
    if (!set && (fromEnv || fromFile))
        return context.failWith(Text::tr("--env and --file go with `secret set`"), ExitUsageError);
    qint64 graceS = DefaultGraceS;
    if (parser.isSet(QStringLiteral("grace"))) {
        auto g = parseDurationS(parser.value(QStringLiteral("grace")));
        if (!g)
            return context.failWith(g.error().message, ExitUsageError);
        graceS = *g;
    }

    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());
    auto target = findTarget(**store, args.at(1));
    if (!target)
        return context.failWith(target.error());
    TargetConfig config = target->config;
    const QString name = config.name;
    if (*slot == Slot::Auth && !config.auth.needsSecret())
        return context.failWith(
            Text::tr("target %1 uses no authentication (auth.kind is none); choose a kind "
                     "first, e.g. `echo '{\"auth\": {\"kind\": \"bearer\"}}' | tandem "
                     "targets edit %1 -`")
                .arg(name),
            ExitUsageError);
    if (*slot == Slot::ClientKey && config.tls.clientCertificateFile.isEmpty())
        return context.failWith(Text::tr("target %1 has no tls.client_certificate; set that "
                                         "first (tandem targets edit)")
                                    .arg(name),
            ExitUsageError);
    const QString field = slotField(config, *slot);
    KeychainSecretStore keychain;
    QStringList obsolete;

    if (!set) {
        if (*slot == Slot::Signing) {
            obsolete << config.signing.secret << config.signing.previousSecret;
            config.signing = {};
        } else {
            obsolete << slotReference(config, *slot);
            slotReference(config, *slot).clear();
        }
        if (auto r = (*store)->updateTarget(config); !r)
            return context.failWith(r.error());
        removeFromKeychain(context, keychain, obsolete);
        context.err() << (*slot == Slot::Signing
                ? Text::tr("cleared the signing secret of %1 (requests are no longer signed)")
                      .arg(name)
                : Text::tr("cleared %1 of %2 (its deliveries wait until a secret is set)")
                      .arg(field, name))
                      << Qt::endl;
        return ExitOk;
    }

    QString reference;
    if (fromEnv || fromFile) {
        // A reference, not a secret: check now that it resolves, so that a typo or a file others
        // can read is reported here rather than as a held target later.
        auto ref = SecretRef::parse(fromEnv
                ? QStringLiteral("env:") + parser.value(QStringLiteral("env"))
                : QStringLiteral("file:") + parser.value(QStringLiteral("file")));
        if (!ref)
            return context.failWith(ref.error().message, ExitUsageError);
        SecretResolver resolver(nullptr);
        auto value = await<QByteArray>(
            [&](QObject *ctx, auto done) { resolver.resolve(*ref, ctx, done); });
        if (!value)
            return context.failWith(Text::tr("%1; nothing changed").arg(value.error().message));
        reference = ref->toString();
    } else {
        auto value
            = readSecretInput(context, Text::tr("%1 for %2").arg(field, name), MaxSecretBytes);
        if (!value)
            return context.failWith(value.error());
        const SecretRef ref = SecretRef::newKeychainRef();
        auto written = await<void>(
            [&](QObject *ctx, auto done) { keychain.write(ref.name(), *value, ctx, done); });
        if (!written)
            return context.failWith(Text::tr("%1; nothing changed").arg(written.error().message));
        reference = ref.toString();
    }

    QString rotation;
    if (*slot == Slot::Signing && !config.signing.secret.isEmpty() && graceS > 0) {
        // Receivers learn the new secret one by one: the old one keeps signing alongside it.
        obsolete << config.signing.previousSecret;
        config.signing.previousSecret = config.signing.secret;
        config.signing.previousUntilMs = nowMs() + graceS * 1000;
        rotation = Text::tr("; the previous secret also signs until %1")
                       .arg(QDateTime::fromMSecsSinceEpoch(config.signing.previousUntilMs, Qt::UTC)
                                .toString(Qt::ISODate));
    } else if (*slot == Slot::Signing) {
        obsolete << config.signing.secret << config.signing.previousSecret;
        config.signing.previousSecret.clear();
        config.signing.previousUntilMs = 0;
    } else {
        obsolete << slotReference(config, *slot);
    }
    slotReference(config, *slot) = reference;
    if (auto r = (*store)->updateTarget(config); !r) {
        if (!fromEnv && !fromFile)
            removeFromKeychain(context, keychain, { reference });
        return context.failWith(r.error());
    }
    removeFromKeychain(context, keychain, obsolete);
    const QString stored = fromEnv
        ? Text::tr("stored %1 of %2 as a reference to the environment variable %3")
              .arg(field, name, parser.value(QStringLiteral("env")))
        : fromFile ? Text::tr("stored %1 of %2 as a reference to the file %3")
                         .arg(field, name, parser.value(QStringLiteral("file")))
                   : Text::tr("stored %1 of %2 in the OS keychain").arg(field, name);
    context.err() << stored << rotation << Text::tr("; a running engine applies it within a second")
                  << Qt::endl;
    return ExitOk;
}

} // namespace Tandem::Cli
