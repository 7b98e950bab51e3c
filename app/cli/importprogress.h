// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QElapsedTimer>
#include <QString>

class QTextStream;

namespace Tandem::Cli {

/// Shows how far a long import has got, on standard error. On a terminal: one line redrawn in
/// place (with '\r', at most 10 times a second, from a quarter of a second on so that short
/// imports print nothing) with a bar and the share of the input read when its size is known,
/// the messages enqueued, the rate and the time left. Otherwise, for logs: a plain line every
/// 5 s or every 100,000 messages enqueued, whichever comes first.
///
/// Thread: the thread running the import. Errors: none; output is best effort.
class ImportProgress
{
public:
    /// `totalBytes` < 0: the size is unknown (a pipe). `terminalColumns` 0: not a terminal.
    ImportProgress(QTextStream &stream, qint64 totalBytes, int terminalColumns);
    Q_DISABLE_COPY_MOVE(ImportProgress)

    /// The import proper starts here, after the skipped lines: rates are counted from now on.
    void start(qint64 bytesRead);
    /// Cheap enough to call for every line: draws only when it is time to.
    void update(qint64 lines, qint64 messages, qint64 bytesRead);
    /// Erases the bar, so that what is printed next starts on a clean line.
    void clear();
    /// Time since start().
    qint64 elapsedMs() const { return m_timer.elapsed(); }

    static constexpr qint64 BarIntervalMs = 100;
    static constexpr qint64 BarDelayMs = 250;
    static constexpr qint64 LineIntervalMs = 5000;
    static constexpr qint64 LineEveryMessages = 100'000;

private:
    QString barText(qint64 lines, qint64 messages, qint64 bytesRead) const;
    QString lineText(qint64 lines, qint64 messages, qint64 bytesRead) const;
    std::optional<qint64> remainingMs(qint64 bytesRead) const;

    QTextStream &m_stream;
    const qint64 m_totalBytes;
    const int m_columns;
    QElapsedTimer m_timer;
    qint64 m_startBytes = 0;
    qint64 m_lastDrawMs = 0;
    qint64 m_lastDrawMessages = 0;
    qsizetype m_drawnWidth = 0; ///< characters of the bar currently on the terminal
};

} // namespace Tandem::Cli
