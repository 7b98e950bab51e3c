// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ingesttokenfollower.h"

#include <QLoggingCategory>

#include "app/cli/await.h"
#include "app/cli/ingesttokens.h"
#include "app/cli/text.h"
#include "engine/dispatch/engine.h"
#include "engine/ingest/httpapi.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/storethread.h"

Q_LOGGING_CATEGORY(lcIngestToken, "tandem.ingest")

namespace Tandem::Cli {

namespace {

constexpr int RecheckMs = 3000;

} // namespace

IngestTokenFollower::IngestTokenFollower(HttpApi &api, Engine &engine, SecretStore &keychain)
    : m_api(api)
    , m_engine(engine)
    , m_keychain(keychain)
    , m_resolver(&keychain)
    , m_timer(this)
{
    m_timer.setInterval(RecheckMs);
    connect(&m_timer, &QTimer::timeout, this, &IngestTokenFollower::recheck);
}

Result<void> IngestTokenFollower::useReference(const QString &reference)
{
    auto ref = SecretRef::parse(reference);
    if (!ref)
        return fail(Error::invalid(Text::tr("--ingest-token: %1").arg(ref.error().message)));
    auto token = await<QByteArray>(
        [&](QObject *context, auto done) { m_resolver.resolve(*ref, context, done); });
    if (!token)
        return fail(Error::invalid(Text::tr("--ingest-token: %1").arg(token.error().message)));
    m_explicit = true;
    m_reference = ref->toString();
    m_api.setToken(*token);
    m_timer.start();
    return {};
}

void IngestTokenFollower::useKeychain(SqliteStore &store)
{
    auto token = obtainIngestToken(store, m_keychain, true, false);
    if (auto ref = store.ingestTokenReference())
        m_reference = *ref;
    apply(token);
    m_timer.start();
}

void IngestTokenFollower::apply(const Result<QByteArray> &token)
{
    if (token) {
        m_api.setToken(*token);
        return;
    }
    const QString problem = QStringLiteral("%1 (or start serve with --ingest-token env:NAME | "
                                           "file:/path)")
                                .arg(token.error().message);
    qCWarning(lcIngestToken).noquote() << "the ingest API takes no messages:" << problem;
    m_api.setTokenProblem(problem);
}

void IngestTokenFollower::recheck()
{
    if (m_checking)
        return;
    m_checking = true;
    auto resolve = [this](const QString &reference) {
        auto ref = SecretRef::parse(reference);
        if (!ref) {
            m_checking = false;
            return;
        }
        m_resolver.resolve(*ref, this, [this, reference](const Result<QByteArray> &token) {
            m_checking = false;
            m_reference = reference;
            if (token || !m_explicit)
                apply(token);
        });
    };
    if (m_explicit) {
        resolve(m_reference); // a rewritten file takes effect
        return;
    }
    m_engine.store().post<QString>(
        this, [](Store &s) { return s.ingestTokenReference(); },
        [this, resolve](const Result<QString> &reference) {
            if (!reference || reference->isEmpty() || *reference == m_reference) {
                m_checking = false;
                return; // unchanged: the keychain is not asked every few seconds
            }
            qCInfo(lcIngestToken) << "the ingest token was replaced; using the new one";
            resolve(*reference);
        },
        StoreThread::Commit::Lazy);
}

} // namespace Tandem::Cli
