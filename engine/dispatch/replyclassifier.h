// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkReply>

#include "engine/core/delivery.h"

namespace Tandem {

/// Why the engine itself aborted a reply, if it did.
enum class AbortReason { None, ConnectTimeout, AttemptTimeout, Stopping, ConnectionLost };

/// The one place that maps a finished QNetworkReply (status, network error, our own abort) to
/// an AttemptOutcome. Call it on the reply's thread, in its finished() handler.
AttemptOutcome classifyReply(QNetworkReply *reply, AbortReason abort, int connectTimeoutMs,
    int attemptTimeoutMs, qint64 nowMs);

} // namespace Tandem
