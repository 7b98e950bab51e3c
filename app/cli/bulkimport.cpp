// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/bulkimport.h"

#include <QIODevice>
#include <QJsonDocument>

#include "app/cli/importprogress.h"
#include "app/cli/text.h"
#include "engine/core/clock.h"

namespace Tandem::Cli {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

qsizetype indentOf(const QByteArray &line)
{
    qsizetype n = 0;
    while (n < line.size() && isSpace(line.at(n)))
        ++n;
    return n;
}

bool isBlank(const QByteArray &line) { return indentOf(line) == line.size(); }

// What is wrong with one JSON text whose first character is at `column` of line `firstLine`;
// nullopt if it is a valid message.
std::optional<QString> problemIn(const QByteArray &text, qint64 firstLine, qsizetype column)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &pe);
    if (pe.error != QJsonParseError::NoError) {
        const qsizetype start = indentOf(text);
        const char first = start < text.size() ? text.at(start) : 0;
        // Qt reads only objects and arrays, and calls anything else an "illegal value".
        if (first != '{' && first != '[')
            return Text::tr("line %1: a message must be a JSON object or array").arg(firstLine);
        const QByteArray before = text.left(pe.offset);
        const qsizetype newlines = before.count('\n');
        const qsizetype lineStart = before.lastIndexOf('\n') + 1;
        return Text::tr("line %1, column %2: %3")
            .arg(firstLine + newlines)
            .arg(pe.offset - lineStart + (newlines == 0 ? column : 1))
            .arg(pe.errorString());
    }
    if (!doc.isObject() && !doc.isArray())
        return Text::tr("line %1: a message must be a JSON object or array").arg(firstLine);
    return std::nullopt;
}

// Whether a line opens an object or array that goes on over the next lines: the start of a
// pretty-printed document ("{", "[", "{"a": 1,"). A JSON string cannot hold a line break, so an
// unterminated string is a malformed line instead; so is a line that ends by closing something
// (Qt calls "[1}" unterminated too) or that goes wrong before its end.
bool opensDocument(const QByteArray &line)
{
    const QByteArray text = line.trimmed();
    QJsonParseError pe;
    QJsonDocument::fromJson(text, &pe);
    return (pe.error == QJsonParseError::UnterminatedObject
               || pe.error == QJsonParseError::UnterminatedArray)
        && pe.offset >= text.size() && !text.endsWith('}') && !text.endsWith(']');
}

QString sizeText(qsizetype bytes)
{
    constexpr qsizetype MiB = 1024 * 1024;
    return bytes % MiB == 0 ? Text::tr("%1 MiB").arg(bytes / MiB) : Text::tr("%1 bytes").arg(bytes);
}

} // namespace

BulkImport::BulkImport(Store &store, QIODevice &input, ImportProgress &progress, Options options)
    : m_store(store)
    , m_progress(progress)
    , m_options(std::move(options))
    , m_reader(input, m_options.maxMessageBytes)
{
}

bool BulkImport::stopRequested() const
{
    return m_options.stop && m_options.stop->load(std::memory_order_relaxed);
}

void BulkImport::showProgress()
{
    m_progress.update(m_reader.lineNumber(), m_messages, m_reader.bytesRead());
}

Result<void> BulkImport::run()
{
    if (auto r = skipLines(); !r)
        return r;
    m_committedThroughLine = m_reader.lineNumber();
    m_progress.start(m_reader.bytesRead());

    QByteArray first;
    for (;;) {
        auto line = m_reader.next();
        if (!line)
            return fail(line.error());
        if (!*line) {
            if (m_options.skipLines == 0)
                return fail(Error::invalid(Text::tr("no message in the input")));
            return fail(Error::notFound(Text::tr("no message after line %1 (the input has "
                                                 "%2 lines)")
                                            .arg(m_options.skipLines)
                                            .arg(m_reader.lineNumber())));
        }
        if (!isBlank(**line)) {
            first = std::move(**line);
            break;
        }
    }
    if (opensDocument(first))
        return readDocument(std::move(first));

    if (auto r = add(std::move(first)); !r)
        return r;
    for (;;) {
        if (stopRequested())
            return fail(Error::io(Text::tr("interrupted")));
        auto line = m_reader.next();
        if (!line)
            return fail(line.error());
        if (!*line)
            break;
        showProgress();
        if (isBlank(**line))
            continue;
        if (auto r = add(std::move(**line)); !r)
            return r;
    }
    return commit();
}

Result<void> BulkImport::skipLines()
{
    while (m_reader.lineNumber() < m_options.skipLines) {
        if (stopRequested())
            return fail(Error::io(Text::tr("interrupted")));
        auto more = m_reader.skip();
        if (!more)
            return fail(more.error());
        if (!*more)
            return fail(
                Error::notFound(Text::tr("--skip %1 goes beyond the end of the input (%2 lines)")
                                    .arg(m_options.skipLines)
                                    .arg(m_reader.lineNumber())));
        showProgress();
    }
    return {};
}

Result<void> BulkImport::readDocument(QByteArray firstLine)
{
    const qint64 firstLineNumber = m_reader.lineNumber();
    const auto tooLarge = [&] {
        return fail(Error::invalid(
            Text::tr("the JSON document starting at line %1 is larger than %2 (line %1 "
                     "opens an object or array that it does not close, so the input is "
                     "read as one document; JSON Lines need a whole message on each line)")
                .arg(firstLineNumber)
                .arg(sizeText(m_options.maxMessageBytes))));
    };
    QByteArray document = std::move(firstLine);
    document += '\n';
    for (;;) {
        if (stopRequested())
            return fail(Error::io(Text::tr("interrupted")));
        auto line = m_reader.next();
        if (!line)
            return fail(line.error());
        if (!*line)
            break;
        if (document.size() + (*line)->size() + 1 > m_options.maxMessageBytes)
            return tooLarge();
        document += **line;
        document += '\n';
        showProgress();
    }
    if (auto problem = problemIn(document, firstLineNumber, 1))
        return fail(Error::invalid(*problem));
    m_batch.append(NewMessage {
        document.trimmed(), m_options.key, m_options.partition, m_options.traceparent });
    m_batchLastLine = m_reader.lineNumber();
    return commit();
}

Result<void> BulkImport::add(QByteArray line)
{
    const qint64 lineNumber = m_reader.lineNumber();
    const qsizetype indent = indentOf(line);
    QByteArray payload = std::move(line).trimmed();
    if (auto problem = problemIn(payload, lineNumber, indent + 1))
        return fail(Error::invalid(*problem));
    if (!m_options.key.isEmpty() && m_messages + m_batch.size() >= 1)
        return fail(Error::invalid(
            Text::tr("--key gives one Idempotency-Key, but the input holds more than one "
                     "message (line %1 is the second)")
                .arg(lineNumber)));
    // Commit before the batch would outgrow its byte budget, so that a batch stays within it
    // unless a single message is larger.
    if (!m_batch.isEmpty() && m_batchBytes + payload.size() > m_options.batchBytes) {
        if (auto r = commit(); !r)
            return r;
    }
    m_batchBytes += payload.size();
    m_batch.append(NewMessage {
        std::move(payload), m_options.key, m_options.partition, m_options.traceparent });
    m_batchLastLine = lineNumber;
    if (m_batch.size() >= m_options.batchMessages)
        return commit();
    return {};
}

Result<void> BulkImport::commit()
{
    if (m_batch.isEmpty())
        return {};
    auto ids = m_store.enqueue(m_batch, nowMs());
    if (!ids) {
        m_refusedByStore = true;
        return fail(ids.error());
    }
    if (m_messages == 0 && !ids->isEmpty())
        m_firstId = ids->constFirst();
    m_messages += m_batch.size();
    m_committedThroughLine = m_batchLastLine;
    m_batch.clear();
    m_batchBytes = 0;
    showProgress();
    return {};
}

} // namespace Tandem::Cli
