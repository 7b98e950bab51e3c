// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/linereader.h"

#include <QIODevice>

#include <cstring>

#include "app/cli/text.h"

namespace Tandem::Cli {

namespace {

// Large reads keep the system calls few; the buffer is the reader's whole fixed cost.
constexpr qsizetype ReadChunkBytes = 1024 * 1024;

QString sizeText(qsizetype bytes)
{
    constexpr qsizetype MiB = 1024 * 1024;
    return bytes % MiB == 0 ? Text::tr("%1 MiB").arg(bytes / MiB) : Text::tr("%1 bytes").arg(bytes);
}

} // namespace

LineReader::LineReader(QIODevice &device, qsizetype maxLineBytes)
    : m_device(device)
    , m_maxLineBytes(maxLineBytes)
{
    m_buffer.resize(ReadChunkBytes);
}

Result<bool> LineReader::fill()
{
    if (m_atEnd)
        return false;
    const qint64 n = m_device.read(m_buffer.data(), m_buffer.size());
    if (n < 0)
        return fail(Error::io(
            Text::tr("reading line %1: %2").arg(m_lineNumber + 1).arg(m_device.errorString())));
    m_begin = 0;
    m_end = qsizetype(n);
    m_atEnd = n == 0;
    return n > 0;
}

Result<std::optional<QByteArray>> LineReader::next()
{
    QByteArray line;
    for (;;) {
        const char *start = m_buffer.constData() + m_begin;
        const qsizetype available = m_end - m_begin;
        const auto *newline = static_cast<const char *>(
            available > 0 ? std::memchr(start, '\n', available) : nullptr);
        const qsizetype take = newline ? newline - start : available;
        if (line.size() + take > m_maxLineBytes)
            return fail(Error::invalid(Text::tr("line %1 is longer than %2")
                                           .arg(m_lineNumber + 1)
                                           .arg(sizeText(m_maxLineBytes))));
        if (line.isEmpty())
            line = QByteArray(start, take);
        else
            line.append(start, take);
        m_begin += take;
        m_bytesRead += take;
        if (newline) {
            ++m_begin;
            ++m_bytesRead;
            ++m_lineNumber;
            return line;
        }
        auto more = fill();
        if (!more)
            return fail(more.error());
        if (!*more) {
            // The input ended: after a '\n' nothing is left, otherwise the last line had none.
            if (line.isEmpty())
                return std::nullopt;
            ++m_lineNumber;
            return line;
        }
    }
}

Result<bool> LineReader::skip()
{
    bool partial = false;
    for (;;) {
        const char *start = m_buffer.constData() + m_begin;
        const qsizetype available = m_end - m_begin;
        if (const void *newline = available > 0 ? std::memchr(start, '\n', available) : nullptr) {
            const qsizetype through = static_cast<const char *>(newline) - start + 1;
            m_begin += through;
            m_bytesRead += through;
            ++m_lineNumber;
            return true;
        }
        partial = partial || available > 0;
        m_begin = m_end;
        m_bytesRead += available;
        auto more = fill();
        if (!more)
            return fail(more.error());
        if (!*more) {
            if (partial)
                ++m_lineNumber;
            return partial;
        }
    }
}

} // namespace Tandem::Cli
