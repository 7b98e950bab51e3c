// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Tandem::Ui {

/// A secret typed (or loaded from a file) in a dialog, on its way to the OS keychain. The
/// dialog's configuration already refers to `reference`, a fresh `keychain:` reference nobody
/// else uses; TargetEditor writes `value` under it before the configuration is stored. A plain
/// value held in memory only: never stored, logged or shown.
struct SecretChange
{
    QString field; ///< the configuration field it fills: "auth.token", "signing.secret", …
    QString reference; ///< "keychain:<id>"
    QByteArray value;

    friend bool operator==(const SecretChange &, const SecretChange &) = default;
};

} // namespace Tandem::Ui
