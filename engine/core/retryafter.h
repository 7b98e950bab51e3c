// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QByteArray>

namespace Tandem {

/// Parses an HTTP Retry-After value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date (IMF-fixdate,
/// RFC 850 or asctime form). Returns the delay in milliseconds from `nowMs` (0 for a date in the
/// past), or nullopt when the value is neither form.
std::optional<qint64> parseRetryAfterMs(const QByteArray &value, qint64 nowMs);

} // namespace Tandem
