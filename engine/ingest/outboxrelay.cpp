// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/ingest/outboxrelay.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QThread>

#include "engine/core/clock.h"
#include "engine/ingest/outboxsource.h"

Q_LOGGING_CATEGORY(lcOutbox, "tandem.outbox")

namespace Tandem {

namespace {

// What enqueue accepts from any producer (tandem enqueue, the ingest API).
constexpr qsizetype MaxPayloadBytes = 16 * 1024 * 1024;

QString payloadProblem(const QByteArray &payload)
{
    if (payload.trimmed().isEmpty())
        return QStringLiteral("the payload is empty (or NULL)");
    if (payload.size() > MaxPayloadBytes)
        return QStringLiteral("the payload is larger than 16 MiB");
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &pe);
    if (pe.error != QJsonParseError::NoError)
        return QStringLiteral("the payload is not JSON (%1 at offset %2)")
            .arg(pe.errorString())
            .arg(pe.offset);
    return {};
}

} // namespace

OutboxRelay::OutboxRelay(OutboxConfig config, QByteArray password, Options options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_password(std::move(password))
    , m_options(options)
    , m_timer(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OutboxRelay::runPass);
}

OutboxRelay::~OutboxRelay()
{
    // The connection belongs to this thread: closed here, where the relay is deleted.
    m_source.reset();
}

void OutboxRelay::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_source = std::make_unique<OutboxSource>(m_config, m_password);
    schedule(0);
}

void OutboxRelay::wake()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_awaiting != 0) {
        m_wakePending = true;
        return;
    }
    // A notification cuts a poll wait short, never a backoff: a source that fails would
    // otherwise be hammered by every insert.
    if (m_failures == 0 && m_held.isEmpty())
        schedule(0);
}

void OutboxRelay::schedule(int delayMs)
{
    if (m_wakePending && m_failures == 0 && m_held.isEmpty())
        delayMs = 0;
    m_wakePending = false;
    m_timer.start(delayMs);
}

int OutboxRelay::backoffMs()
{
    qint64 delay = m_options.firstBackoffMs;
    for (int i = 1; i < m_failures && delay < m_options.maxBackoffMs; ++i)
        delay *= 2;
    return int(qMin<qint64>(delay, m_options.maxBackoffMs));
}

void OutboxRelay::failPass(const QString &error)
{
    ++m_failures;
    if (error != m_lastLoggedError) {
        qCWarning(lcOutbox).noquote() << error;
        m_lastLoggedError = error;
    }
    OutboxProgress p;
    p.atMs = nowMs();
    p.error = error;
    Q_EMIT progressed(p);
    schedule(backoffMs());
}

bool OutboxRelay::measureBacklog(OutboxProgress &progress)
{
    const qint64 now = nowMs();
    if (now - m_backlogMeasuredAtMs < m_options.backlogEveryMs)
        return true;
    auto b = m_source->backlog();
    if (!b) {
        m_source->close();
        failPass(b.error().message);
        return false;
    }
    m_backlogMeasuredAtMs = now;
    progress.backlogKnown = true;
    progress.backlog = b->rows;
    progress.oldestUnpublishedAtMs = b->oldestCreatedAtMs;
    return true;
}

void OutboxRelay::runPass()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_awaiting != 0)
        return;
    if (!m_source->isOpen()) {
        if (auto r = m_source->open(); !r) {
            failPass(r.error().message);
            return;
        }
        if (!m_config.notifyChannel.isEmpty()) {
            if (auto r = m_source->listen([this] { wake(); }); !r) {
                m_source->close();
                failPass(r.error().message);
                return;
            }
        }
        qCInfo(lcOutbox).noquote()
            << QStringLiteral("outbox source \"%1\": connected to %2 %3%4")
                   .arg(m_config.name, outboxDriverName(m_config.driver), m_config.location(),
                       m_config.notifyChannel.isEmpty()
                           ? QString()
                           : QStringLiteral(", listening on \"%1\"").arg(m_config.notifyChannel));
    }
    auto rows = m_source->fetch(m_config.batch);
    if (!rows) {
        m_source->close();
        failPass(rows.error().message);
        return;
    }

    QList<NewMessage> messages;
    m_handedOver.clear();
    m_held.clear();
    for (const OutboxRow &row : std::as_const(*rows)) {
        if (const QString problem = payloadProblem(row.payload); !problem.isEmpty()) {
            m_held = QStringLiteral("outbox source \"%1\": row %2: %3; the relay holds at this "
                                    "row (nothing after it is relayed) until the row is fixed, or "
                                    "marked published to skip it")
                         .arg(m_config.name, row.idText, problem);
            break;
        }
        NewMessage m;
        m.payload = row.payload;
        m.idempotencyKey = row.idempotencyKey.isEmpty()
            ? m_config.defaultIdempotencyKey(row.idText).toUtf8()
            : row.idempotencyKey;
        m.partitionKey = row.partitionKey;
        messages.append(std::move(m));
        m_handedOver.append(row.id);
        m_handedOverLastId = row.idText;
    }
    m_fullBatch = rows->size() == m_config.batch && m_held.isEmpty();

    if (messages.isEmpty()) {
        OutboxProgress p;
        p.atMs = nowMs();
        p.polled = true;
        if (rows->isEmpty()) {
            p.backlogKnown = true; // nothing unpublished: no need to count
            m_backlogMeasuredAtMs = p.atMs;
        } else if (!measureBacklog(p)) {
            return;
        }
        finishPass(p, false);
        return;
    }
    m_awaiting = ++m_batch;
    Q_EMIT enqueueRequested(m_awaiting, messages);
}

void OutboxRelay::handleEnqueued(quint64 batch, const Result<QStringList> &result)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (batch != m_awaiting)
        return;
    m_awaiting = 0;
    if (!result) {
        // Nothing was stored; the rows stay unpublished and are read again.
        failPass(QStringLiteral("outbox source \"%1\": enqueue refused: %2")
                     .arg(m_config.name, result.error().message));
        return;
    }
    if (auto r = m_source->markPublished(m_handedOver); !r) {
        // The messages are stored: the rows are read again later and, their keys being known
        // to the store, enqueued no second time.
        m_source->close();
        failPass(r.error().message);
        return;
    }
    OutboxProgress p;
    p.atMs = nowMs();
    p.polled = true;
    p.relayed = m_handedOver.size();
    p.lastRowId = m_handedOverLastId;
    m_handedOver.clear();
    if (!m_fullBatch && m_held.isEmpty()) {
        p.backlogKnown = true; // the pass read every unpublished row and relayed them all
        m_backlogMeasuredAtMs = p.atMs;
    } else if (!measureBacklog(p)) {
        return;
    }
    finishPass(p, m_fullBatch);
}

void OutboxRelay::finishPass(OutboxProgress progress, bool full)
{
    progress.error = m_held;
    if (m_held.isEmpty()) {
        if (m_failures > 0 || !m_lastLoggedError.isEmpty())
            qCInfo(lcOutbox).noquote()
                << QStringLiteral("outbox source \"%1\": relaying again").arg(m_config.name);
        m_failures = 0;
        m_lastLoggedError.clear();
        Q_EMIT progressed(progress);
        schedule(full ? 0 : m_config.pollMs);
        return;
    }
    ++m_failures;
    if (m_held != m_lastLoggedError) {
        qCWarning(lcOutbox).noquote() << m_held;
        m_lastLoggedError = m_held;
    }
    Q_EMIT progressed(progress);
    schedule(qMax(m_config.pollMs, backoffMs()));
}

} // namespace Tandem
