// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/importprogress.h"

#include <algorithm>

#include <QLocale>
#include <QStringList>
#include <QTextStream>

#include "app/cli/clicontext.h"
#include "app/cli/textformat.h"

namespace Tandem::Cli {

namespace {

constexpr int MaxBarWidth = 30;
constexpr int MinBarWidth = 10;

QString formatBytes(qint64 bytes)
{
    constexpr double KiB = 1024.0;
    const QLocale locale;
    if (bytes < 1024 * 1024)
        return Text::tr("%1 KiB").arg(locale.toString(qRound64(bytes / KiB)));
    if (bytes < 1024LL * 1024 * 1024)
        return Text::tr("%1 MiB").arg(locale.toString(bytes / (KiB * KiB), 'f', 1));
    return Text::tr("%1 GiB").arg(locale.toString(bytes / (KiB * KiB * KiB), 'f', 2));
}

} // namespace

ImportProgress::ImportProgress(QTextStream &stream, qint64 totalBytes, int terminalColumns)
    : m_stream(stream)
    , m_totalBytes(totalBytes)
    , m_columns(terminalColumns)
{
    m_timer.start();
}

void ImportProgress::start(qint64 bytesRead)
{
    m_startBytes = bytesRead;
    m_timer.restart();
    m_lastDrawMs = 0;
}

void ImportProgress::update(qint64 lines, qint64 messages, qint64 bytesRead)
{
    const qint64 now = m_timer.elapsed();
    if (m_columns > 0) {
        if (now < BarDelayMs || now - m_lastDrawMs < BarIntervalMs)
            return;
        const QString text = barText(lines, messages, bytesRead);
        // Blanks over the end of a longer previous line, since '\r' only moves the cursor.
        m_stream << '\r' << text
                 << QString(std::max<qsizetype>(0, m_drawnWidth - text.size()), u' ');
        m_stream.flush();
        m_drawnWidth = text.size();
    } else {
        if (now - m_lastDrawMs < LineIntervalMs
            && messages - m_lastDrawMessages < LineEveryMessages)
            return;
        m_stream << lineText(lines, messages, bytesRead) << '\n';
        m_stream.flush();
        m_lastDrawMessages = messages;
    }
    m_lastDrawMs = now;
}

void ImportProgress::clear()
{
    if (m_drawnWidth == 0)
        return;
    m_stream << '\r' << QString(m_drawnWidth, u' ') << '\r';
    m_stream.flush();
    m_drawnWidth = 0;
}

std::optional<qint64> ImportProgress::remainingMs(qint64 bytesRead) const
{
    const qint64 elapsed = m_timer.elapsed();
    const qint64 done = bytesRead - m_startBytes;
    // The first second's rate says little (the first batch is still being committed).
    if (m_totalBytes < 0 || elapsed < 1000 || done <= 0 || bytesRead >= m_totalBytes)
        return std::nullopt;
    return qint64(double(std::max<qint64>(0, m_totalBytes - bytesRead)) * elapsed / done);
}

QString ImportProgress::barText(qint64 lines, qint64 messages, qint64 bytesRead) const
{
    const qint64 elapsed = std::max<qint64>(1, m_timer.elapsed());
    QStringList parts;
    if (m_totalBytes >= 0)
        parts << formatBytes(bytesRead) + QStringLiteral(" / ") + formatBytes(m_totalBytes);
    else
        parts << Text::tr("%Ln line(s)", nullptr, clampedCount(lines));
    parts << Text::tr("%Ln message(s)", nullptr, clampedCount(messages))
          << Text::tr("%1/s").arg(formatCount(messages * 1000 / elapsed));
    // A placeholder until the rate is known keeps the bar from changing width when it is.
    if (const auto left = remainingMs(bytesRead))
        parts << Text::tr("ETA %1").arg(formatDuration(*left));
    else if (m_totalBytes >= 0 && bytesRead < m_totalBytes)
        parts << Text::tr("ETA %1").arg(QStringLiteral("--"));
    QString text = parts.join(QStringLiteral("  "));

    if (m_totalBytes >= 0) {
        const int percent = m_totalBytes > 0
            ? int(std::clamp<qint64>(bytesRead * 100 / m_totalBytes, 0, 100))
            : 100;
        QString head = QStringLiteral("%1%").arg(percent, 3);
        // Whatever room the figures leave goes to the bar; the last column stays free, or the
        // terminal would wrap and '\r' would no longer return to the start of the line.
        const int room = m_columns - 1 - int(head.size() + text.size()) - 5;
        const int width = std::min(MaxBarWidth, room);
        if (width >= MinBarWidth) {
            const int filled = percent * width / 100;
            head += QStringLiteral(" [") + QString(filled, u'=')
                + (filled < width ? QStringLiteral(">") + QString(width - filled - 1, u' ')
                                  : QString())
                + u']';
        }
        text = head + QStringLiteral("  ") + text;
    }
    return text.left(std::max(0, m_columns - 1));
}

QString ImportProgress::lineText(qint64 lines, qint64 messages, qint64 bytesRead) const
{
    const qint64 elapsed = std::max<qint64>(1, m_timer.elapsed());
    QString text = Text::tr("enqueue: %1, %2, %3/s")
                       .arg(Text::tr("%Ln line(s)", nullptr, clampedCount(lines)),
                           Text::tr("%Ln message(s)", nullptr, clampedCount(messages)),
                           formatCount(messages * 1000 / elapsed));
    if (m_totalBytes > 0) {
        text += Text::tr(", %1 % of %2")
                    .arg(std::clamp<qint64>(bytesRead * 100 / m_totalBytes, 0, 100))
                    .arg(formatBytes(m_totalBytes));
        if (const auto left = remainingMs(bytesRead))
            text += Text::tr(", ETA %1").arg(formatDuration(*left));
    }
    return text;
}

} // namespace Tandem::Cli
