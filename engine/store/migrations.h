// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStringList>

namespace Tandem {

/// One step of the store schema. Steps are applied in order, each in the transaction that opens
/// the store; a released step is never edited, only followed by a new one.
struct Migration
{
    int version;
    QStringList statements;
};

QList<Migration> migrations();

} // namespace Tandem
