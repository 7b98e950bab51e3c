// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

namespace Tandem::Ui {

/// A timestamp (ms since the epoch) as an operator reads it next to "now": "12:01:07" today,
/// "11-21 12:01:07" on another day; with `milliseconds`, "12:01:07.412" (retry timelines, where
/// a backoff window may be shorter than a second). Local time.
QString clockText(qint64 atMs, qint64 nowMs, bool milliseconds = false);

/// A duration for an operator: "850 ms", "4.2 s", "3 min 20 s", "2 h 05 min".
QString durationText(qint64 ms);

} // namespace Tandem::Ui
