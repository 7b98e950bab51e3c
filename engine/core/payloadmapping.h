// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

#include "engine/core/error.h"

namespace Tandem {

/// What one target receives instead of the whole message: a JSON object built from fields taken
/// out of the message by JSON Pointer (RFC 6901) plus constant fields, as the `mapping` object of
/// a target configuration (null = the message as it is). E.g. {"fields": {"email":
/// "/user/email"}, "constants": {"template": "welcome"}}.
///
/// Errors: fromJson() refuses malformed pointers, empty field names and a field that is both
/// mapped and constant. apply() fails (Invalid) naming the field and pointer when the message has
/// nothing there, or when the message is not JSON; the caller dead-letters that one delivery.
struct PayloadMapping
{
    QList<QPair<QString, QString>> fields; ///< target field → pointer into the message
    QJsonObject constants;

    bool isIdentity() const { return fields.isEmpty() && constants.isEmpty(); }

    Result<QByteArray> apply(const QByteArray &payload) const;

    static Result<PayloadMapping> fromJson(const QJsonValue &json, const QString &where);
    /// Null for the identity mapping.
    QJsonValue toJson() const;

    friend bool operator==(const PayloadMapping &, const PayloadMapping &) = default;
};

/// Resolves an RFC 6901 JSON Pointer ("" is the whole document); nullopt when nothing is there.
/// `pointer` must be valid (see isValidJsonPointer).
std::optional<QJsonValue> resolveJsonPointer(const QJsonValue &document, const QString &pointer);
/// "" or "/"-separated tokens in which '~' is only followed by '0' or '1'.
bool isValidJsonPointer(const QString &pointer);

} // namespace Tandem
