// SPDX-License-Identifier: GPL-3.0-or-later
// What the console's offscreen tests share: settings of their own instead of the user's, and
// screenshots when asked for. Header-only; needs Qt Widgets.
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QString>
#include <QWidget>

#include "tests/support/scratchdir.h"

namespace Tandem::Testing {

/// While it lives, the process's user-scope QSettings (organisation "tandem-test") are kept in a
/// temporary directory: the windows a test opens save and restore their layout there, never in
/// the user's own settings. A member of the test class.
class IsolatedSettings
{
public:
    IsolatedSettings()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("tandem-test"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
    }
    Q_DISABLE_COPY_MOVE(IsolatedSettings)

private:
    ScratchDir m_dir;
};

/// With TANDEM_SCREENSHOT_DIR set, saves a PNG of `widget` there as `name` (for the docs, and to
/// look at what a test saw); does nothing otherwise.
inline void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget.grab().save(QDir(dir).filePath(name));
}

} // namespace Tandem::Testing
