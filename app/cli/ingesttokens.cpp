// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ingesttokens.h"

#include "app/cli/await.h"
#include "app/cli/text.h"
#include "engine/ingest/ingesttoken.h"
#include "engine/secrets/secretref.h"
#include "engine/secrets/secretresolver.h"
#include "engine/secrets/secretstore.h"
#include "engine/store/sqlitestore.h"

namespace Tandem::Cli {

Result<QByteArray> obtainIngestToken(
    SqliteStore &store, SecretStore &keychain, bool create, bool rotate)
{
    auto current = store.ingestTokenReference();
    if (!current)
        return fail(current.error());
    if (!current->isEmpty() && !rotate) {
        auto ref = SecretRef::parse(*current);
        if (!ref)
            return fail(Error::invalid(
                Text::tr("the stored ingest token reference is invalid: %1; replace it "
                         "with `tandem ingest token --rotate`")
                    .arg(ref.error().message)));
        SecretResolver resolver(&keychain);
        return await<QByteArray>(
            [&](QObject *context, auto done) { resolver.resolve(*ref, context, done); });
    }
    if (!create && !rotate)
        return fail(Error::notFound(Text::tr("no ingest token yet")));

    const QByteArray token = IngestToken::generate();
    const SecretRef ref = SecretRef::newKeychainRef();
    auto written = await<void>(
        [&](QObject *context, auto done) { keychain.write(ref.name(), token, context, done); });
    if (!written)
        return fail(written.error());
    if (auto r = store.setIngestTokenReference(ref.toString()); !r) {
        (void)await<void>(
            [&](QObject *context, auto done) { keychain.remove(ref.name(), context, done); });
        return fail(r.error());
    }
    if (auto old = SecretRef::parse(*current); old && old->kind() == SecretRef::Kind::Keychain)
        (void)await<void>(
            [&](QObject *context, auto done) { keychain.remove(old->name(), context, done); });
    return token;
}

} // namespace Tandem::Cli
