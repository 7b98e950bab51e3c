// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/jsonfields.h"

#include <algorithm>
#include <cmath>

#include <QJsonValue>
#include <QLocale>

#include "engine/core/configtext.h"

namespace Tandem::JsonFields {

QString join(const QString &where, QLatin1StringView key)
{
    return where.isEmpty() ? QString(key) : where + u'.' + key;
}

QString formatNumber(double d)
{
    if (d == std::floor(d) && std::abs(d) < 1e15)
        return QString::number(qint64(d));
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

Result<double> readNumber(const QJsonObject &o, const QString &where, QLatin1StringView key,
    double current, double min, double max, bool whole)
{
    if (!o.contains(key))
        return current;
    const QJsonValue v = o.value(key);
    const QString field = join(where, key);
    const double d = v.toDouble();
    if (!v.isDouble() || (whole && d != std::floor(d)))
        return fail(Error::invalid(whole ? ConfigText::tr("%1: must be a whole number").arg(field)
                                         : ConfigText::tr("%1: must be a number").arg(field)));
    if (!(d >= min && d <= max))
        return fail(
            Error::invalid(ConfigText::tr("%1: %2 is out of range (%3 to %4)")
                               .arg(field, formatNumber(d), formatNumber(min), formatNumber(max))));
    return d;
}

Result<void> rejectUnknown(
    const QJsonObject &o, const QString &where, std::initializer_list<QLatin1StringView> known)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            return fail(
                Error::invalid(ConfigText::tr("%1: unknown key \"%2\"").arg(where, it.key())));
    }
    return {};
}

Result<QString> readString(const QJsonObject &o, const QString &where, QLatin1StringView key,
    const QString &current, bool nullable)
{
    if (!o.contains(key))
        return current;
    const QJsonValue v = o.value(key);
    if (nullable && v.isNull())
        return QString();
    if (!v.isString())
        return fail(Error::invalid(nullable
                ? ConfigText::tr("%1: must be a string or null").arg(join(where, key))
                : ConfigText::tr("%1: must be a string").arg(join(where, key))));
    return v.toString();
}

} // namespace Tandem::JsonFields
