// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>

namespace Tandem {

/// The translation context of configuration errors (`ConfigText::tr("…")`): what fromJson()
/// says about a target, an outbox source or a secret reference, shown under the dialog field it
/// names and printed by `tandem targets add|edit|import`. These reach a person only: never the
/// HTTP API, the store or the event log, whose texts stay English (translations/README.md).
struct ConfigText
{
    Q_DECLARE_TR_FUNCTIONS(Tandem::Config)
};

} // namespace Tandem
