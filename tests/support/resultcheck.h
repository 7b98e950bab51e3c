// SPDX-License-Identifier: GPL-3.0-or-later
// Checks of an engine Result<T> in a test that say why it failed. Header-only.
#pragma once

#include <QString>
#include <QTest>

#include "engine/core/error.h"

namespace Tandem::Testing {

/// The error message of a failed result, for QVERIFY2; empty on success.
template <typename T> QString problem(const Result<T> &r)
{
    return r.has_value() ? QString() : r.error().message;
}

} // namespace Tandem::Testing

/// Fails the test function with the error's message unless `expr` holds a value. Evaluates `expr`
/// once: it is often the store call under test.
#define VERIFY_OK(expr)                                                                            \
    do {                                                                                           \
        const auto &r_ = (expr);                                                                   \
        QVERIFY2(r_.has_value(), qPrintable(Tandem::Testing::problem(r_)));                        \
    } while (false)
