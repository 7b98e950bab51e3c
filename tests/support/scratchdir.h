// SPDX-License-Identifier: GPL-3.0-or-later
// A temporary directory for what a test writes (its store, exported files, its settings).
// Header-only; needs only Qt Core.
#pragma once

#include <optional>

#include <QString>
#include <QTemporaryDir>

namespace Tandem::Testing {

/// A new, empty temporary directory, removed with all in it when the ScratchDir goes: a local of
/// the test function, or a std::optional<ScratchDir> member emplaced in init() and reset in
/// cleanup() for one per test function. Aborts the run if no directory can be made: no test
/// could run then.
class ScratchDir
{
public:
    ScratchDir()
    {
        if (!m_dir.isValid())
            qFatal("no temporary directory: %s", qPrintable(m_dir.errorString()));
    }
    Q_DISABLE_COPY_MOVE(ScratchDir)

    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    /// Where the test's store lives.
    QString storePath() const { return filePath(QStringLiteral("tandem.db")); }

private:
    QTemporaryDir m_dir;
};

} // namespace Tandem::Testing
