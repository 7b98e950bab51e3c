// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include "engine/core/targetconfig.h"
#include "engine/secrets/targetcredentials.h"

class QObject;

namespace Tandem {

class SecretResolver;

/// Reads every secret a target configuration refers to (TargetConfig::secretSlots()) and hands
/// back the credentials its requests need. `done` runs once on `context`'s thread, never from
/// inside the call. It always gets credentials: when a secret is not set or cannot be read,
/// `problem` says which one and why (the resolver's message, never a value).
void loadCredentials(SecretResolver &resolver, const TargetConfig &config, QObject *context,
    std::function<void(const TargetCredentials &)> done);

} // namespace Tandem
