// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace Tandem {

/// The ingest API's bearer token: 32 random bytes from the system's CSPRNG, base64url without
/// padding (43 characters). Kept in the OS keychain like every secret; the store holds only
/// its reference (Store::ingestTokenReference()).
class IngestToken
{
public:
    static QByteArray generate();
    /// Compares in time independent of where the two differ, so that timing does not reveal
    /// how much of a guess was right.
    static bool matches(const QByteArray &expected, const QByteArray &presented);
};

} // namespace Tandem
