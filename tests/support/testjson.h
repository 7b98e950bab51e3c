// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cstdio>
#include <cstdlib>

// Test data as JSON written with single quotes (readable inside C++ strings, and moc copes with
// it where raw strings at the start of a line trip it up).
namespace Tandem::TestJson {

inline QByteArray json(const char *singleQuoted)
{
    return QByteArray(singleQuoted).replace('\'', '"');
}

/// A single-quoted JSON value of any kind (wrapped so that a bare value parses); aborts the
/// test on malformed test data.
inline QJsonValue jsonValue(const char *singleQuoted)
{
    const QByteArray text = "{\"v\": " + json(singleQuoted) + '}';
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError) {
        std::fprintf(stderr, "test data is not JSON: %s\n", singleQuoted);
        std::abort();
    }
    return doc.object().value(QStringLiteral("v"));
}

} // namespace Tandem::TestJson
