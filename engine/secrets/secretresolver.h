// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QByteArray>
#include <QList>

#include "engine/core/error.h"
#include "engine/secrets/secretref.h"

class QObject;

namespace Tandem {

class SecretStore;

/// Turns secret references into secret bytes: `keychain:` through the SecretStore, `env:` from
/// the process environment, `file:` from a regular file that belongs to the user running tandem
/// and that nobody else may read or write (at most 64 KiB; one trailing line break is dropped).
///
/// Every call is asynchronous, even for `env:` and `file:`, so callers have one code path:
/// `done` runs exactly once on `context`'s thread, never from inside the call, and not at all if
/// `context` is destroyed first.
///
/// Thread: used from the thread that created it. The store is not owned and must outlive the
/// calls; without one (nullptr) `keychain:` references fail with KeychainUnavailable.
/// Errors: the store's codes for `keychain:`; Invalid for an unset or empty variable and for a
/// missing, unreadable, oversized, empty or too widely accessible file; Io for a read that
/// fails midway. Every message names the reference; none contains a secret.
class SecretResolver
{
public:
    static constexpr qint64 MaxFileSize = 64 * 1024;

    explicit SecretResolver(SecretStore *store);

    void resolve(
        const SecretRef &ref, QObject *context, std::function<void(Result<QByteArray>)> done);
    /// Resolves `refs` in order; the values come back in the same order. The first failure
    /// ends the call with that reference's error.
    void resolveAll(const QList<SecretRef> &refs, QObject *context,
        std::function<void(Result<QList<QByteArray>>)> done);

private:
    SecretStore *m_store;
};

} // namespace Tandem
