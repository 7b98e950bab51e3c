// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

#include "engine/core/error.h"

namespace Tandem {
class SecretStore;
class SqliteStore;
} // namespace Tandem

namespace Tandem::Cli {

/// The ingest API token of a data directory, kept in the OS keychain with its reference in the
/// store. Reads it; when there is none yet and `create` is set, makes one (32 random bytes,
/// keychain first, then the reference); with `rotate`, always makes a new one and removes the
/// old keychain entry once the new reference is stored. The error says what failed and how
/// to fix it (a locked or missing keychain). Runs the event loop while the keychain answers.
Result<QByteArray> obtainIngestToken(
    SqliteStore &store, SecretStore &keychain, bool create, bool rotate);

} // namespace Tandem::Cli
