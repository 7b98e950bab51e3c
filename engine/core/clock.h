// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

namespace Tandem {

/// Wall-clock time in milliseconds since the epoch: the unit of every timestamp in the store.
inline qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

} // namespace Tandem
