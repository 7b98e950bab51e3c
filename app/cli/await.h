// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QEventLoop>

#include "engine/core/error.h"

namespace Tandem::Cli {

/// Runs one asynchronous engine call of the "context + done(Result<T>)" shape to completion:
/// a command has nothing else to do meanwhile, and the keychain answers through the event loop.
/// `start(context, done)` starts the call.
template <typename T, typename Start> Result<T> await(Start start)
{
    QEventLoop loop;
    std::optional<Result<T>> result;
    start(&loop, [&](Result<T> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

} // namespace Tandem::Cli
