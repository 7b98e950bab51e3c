// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

#include <initializer_list>

#include "engine/core/error.h"

namespace Tandem::JsonFields {

/// "where.key", or "key" when `where` is empty: the field path error messages name.
QString join(const QString &where, QLatin1StringView key);

/// Whole numbers without a decimal point, others in their shortest form.
QString formatNumber(double d);

/// Reads `key` when present (else returns `current`): a number within [min, max], a whole one
/// if `whole`; the error names the field and the range.
Result<double> readNumber(const QJsonObject &o, const QString &where, QLatin1StringView key,
    double current, double min, double max, bool whole);

/// Fails naming the first key of `o` that is not in `known`; `where` names the object.
Result<void> rejectUnknown(
    const QJsonObject &o, const QString &where, std::initializer_list<QLatin1StringView> known);

/// Reads `key` when present (else returns `current`): a string; an explicit null reads as
/// empty when `nullable`. The error names the field.
Result<QString> readString(const QJsonObject &o, const QString &where, QLatin1StringView key,
    const QString &current, bool nullable = false);

} // namespace Tandem::JsonFields
