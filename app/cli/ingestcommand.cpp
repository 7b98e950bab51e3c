// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem ingest token [--rotate]`: shows (creating it if there is none) or replaces the bearer
// token producers present to the ingest API.
#include <QCommandLineParser>

#include "app/cli/clicontext.h"
#include "app/cli/commands.h"
#include "app/cli/ingesttokens.h"
#include "engine/secrets/keychainsecretstore.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

int runIngest(CliContext &context, const QCommandLineParser &parser)
{
    if (context.arguments() != QStringList { QStringLiteral("token") })
        return context.failWith(Text::tr("usage: tandem ingest token [--rotate]"), ExitUsageError);
    const bool rotate = parser.isSet(QStringLiteral("rotate"));
    auto store = context.openStore();
    if (!store)
        return context.failWith(store.error());
    KeychainSecretStore keychain;
    auto token = obtainIngestToken(**store, keychain, true, rotate);
    if (!token)
        return context.failWith(
            (rotate ? Text::tr("%1; no token was replaced") : Text::tr("%1; no token was shown"))
                .arg(token.error().message));
    context.out() << *token << Qt::endl;
    if (rotate)
        context.err() << Text::tr("the old token no longer works; a running engine switches to "
                                  "this one within a few seconds")
                      << Qt::endl;
    return ExitOk;
}

} // namespace Tandem::Cli
