// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace Tandem {

/// A unified diff of two texts by lines: hunks headed "@@ -a,b +c,d @@" with `context` unchanged
/// lines around each change, lines prefixed ' ', '-' or '+'. Empty when the texts are equal.
/// Sized for payloads: beyond a few thousand changed lines it reports the changed middle as
/// removed and added rather than searching for the shortest edit. Pure function, any thread.
QString unifiedLineDiff(const QString &before, const QString &after, int context = 3);

} // namespace Tandem
