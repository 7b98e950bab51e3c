// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QByteArray>

#include "engine/core/error.h"

class QIODevice;

namespace Tandem::Cli {

/// Reads a device line by line in bounded memory: one read buffer plus the line being put
/// together, however large the input. Lines are numbered from 1; the '\n' is not part of a line.
///
/// Thread: any, one at a time; the device is not owned and must outlive the reader.
/// Errors: a line longer than `maxLineBytes` (Invalid, naming the line) and a failed read (Io);
/// after an error the reader is not used again.
class LineReader
{
public:
    LineReader(QIODevice &device, qsizetype maxLineBytes);
    Q_DISABLE_COPY_MOVE(LineReader)

    /// The next line, or nullopt at the end of the input.
    Result<std::optional<QByteArray>> next();
    /// Passes over the next line without keeping it (so without a length limit); false at the
    /// end of the input.
    Result<bool> skip();

    /// The number of the line last returned or skipped (0 before the first).
    qint64 lineNumber() const { return m_lineNumber; }
    /// Bytes of the input consumed so far, line ends included.
    qint64 bytesRead() const { return m_bytesRead; }

private:
    Result<bool> fill();

    QIODevice &m_device;
    const qsizetype m_maxLineBytes;
    QByteArray m_buffer;
    qsizetype m_begin = 0; ///< first unread byte in m_buffer
    qsizetype m_end = 0; ///< end of the valid bytes in m_buffer
    bool m_atEnd = false;
    qint64 m_lineNumber = 0;
    qint64 m_bytesRead = 0;
};

} // namespace Tandem::Cli
