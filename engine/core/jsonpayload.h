// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// Where and why a text is not JSON, with the position as an editor shows it (1-based line and
/// column, in characters).
struct JsonTextError
{
    QString message; ///< Qt's description of the problem
    int line = 1;
    int column = 1;
    qsizetype offset = 0; ///< characters from the start of the text

    /// "unterminated string at line 3, column 12"
    QString describe() const;
};

/// Functions on JSON payloads as operators read and edit them (dead-letter browser, the
/// store's payload versions). Pure functions, any thread.

/// The error in `text`, or nothing when it is a JSON object or array.
std::optional<JsonTextError> jsonTextError(const QByteArray &text);
/// `text` as compact JSON (what is stored and sent), or Invalid naming line and column.
Result<QByteArray> compactJsonPayload(const QByteArray &text);
/// The payload indented for reading; a payload that is not JSON comes back as it is.
QString prettyJsonPayload(const QByteArray &payload);
/// A unified line diff of the two payloads, both pretty-printed first (so that a change in a
/// compact payload shows as the one line it is).
QString payloadDiff(const QByteArray &before, const QByteArray &after);

} // namespace Tandem
