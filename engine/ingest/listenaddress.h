// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <utility>

#include <QHostAddress>
#include <QString>

namespace Tandem {

/// Where the ingest API listens when nothing says otherwise.
inline constexpr const char *DefaultListenAddress = "127.0.0.1:8470";

/// Parses "ADDRESS:PORT" as `tandem serve --listen`, $TANDEM_LISTEN and the console's settings
/// take it: a literal IPv4 or IPv6 address (no host names, no brackets), the last colon, and a
/// port from 0 (any free one) to 65535. Returns nullopt for anything else. Whether the address
/// is loopback is the caller's business (serve wants --allow-remote, the console a
/// confirmation).
std::optional<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &listen);

} // namespace Tandem
