// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/listenaddress.h"

namespace Tandem {

std::optional<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &listen)
{
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    const QHostAddress address(colon > 0 ? listen.left(colon) : QString());
    if (!portOk || port > 65535 || address.isNull())
        return std::nullopt;
    return std::pair { address, quint16(port) };
}

} // namespace Tandem
