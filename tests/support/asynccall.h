// SPDX-License-Identifier: GPL-3.0-or-later
// Runs one asynchronous engine call of the "context + done(Result<T>)" shape to completion in a
// test, and records how it answered: whether at all, how often, and whether from inside the call
// (a contract violation for SecretStore and SecretResolver).
#pragma once

#include <optional>

#include <QCoreApplication>
#include <QObject>
#include <QTest>

#include "engine/core/error.h"

namespace Tandem::Testing {

template <typename T> struct Outcome
{
    bool synchronous = false; ///< the callback ran inside the call
    int calls = 0;
    std::optional<Result<T>> result;

    bool ok() const { return result && result->has_value(); }
    /// For QVERIFY2 messages, which Qt 6.4 evaluates even when the check passes.
    QByteArray why() const
    {
        if (!result)
            return "no answer in time";
        return ok() ? QByteArray() : result->error().message.toUtf8();
    }
    int code() const { return ok() || !result ? -1 : int(result->error().code); }
    QString message() const { return ok() || !result ? QString() : result->error().message; }
};

/// `call(context, done)` starts the operation; waits up to `timeoutMs` for `done`.
template <typename T, typename Call> Outcome<T> awaitCall(Call call, int timeoutMs = 20'000)
{
    Outcome<T> outcome;
    QObject context;
    bool returned = false;
    call(&context, [&](Result<T> r) {
        outcome.synchronous = !returned;
        ++outcome.calls;
        outcome.result = std::move(r);
    });
    returned = true;
    // On a timeout `calls` stays 0, which the caller's checks report.
    (void)QTest::qWaitFor([&] { return outcome.calls > 0; }, timeoutMs);
    // A second call would come from the same event-loop pass; give it one more turn.
    QCoreApplication::processEvents();
    return outcome;
}

} // namespace Tandem::Testing
