// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace Tandem {

/// An error text with what varies from one failure to the next replaced by placeholders, so
/// that failures of the same kind group together ("timeout after 5003 ms for msg 0193…" and
/// "timeout after 4998 ms for msg 0194…" both become "timeout after <duration> for msg <id>").
///
/// Replaced, in this order: URLs' query strings (<query>), quoted strings (<str>), UUIDs (<id>),
/// hexadecimal ids of six or more digits with at least one digit (<id>), durations (<duration>),
/// other numbers (<n>); whitespace runs become one space, and the result is cut at 200
/// characters. Deterministic and thread-safe: the store calls it as an SQL function
/// (tandem_fingerprint) to group and filter dead letters.
QString normaliseErrorText(QStringView text);

} // namespace Tandem
