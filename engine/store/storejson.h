// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>

#include "engine/store/store.h"

namespace Tandem {

/// The JSON shapes of store views shared by the CLI (--json) and the HTTP API, so both speak
/// the same field names. Times are ISO 8601 UTC; the payload is embedded as JSON.
QJsonObject toJson(const DeadLetter &d);
QJsonObject toJson(const MessageView &m);
QJsonObject toJson(const DeliveryView &d);

} // namespace Tandem
