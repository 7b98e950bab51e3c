// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/log/eventlog.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

#include "engine/dispatch/engine.h"

namespace Tandem {

EventLog::EventLog(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
}

EventLog::~EventLog() = default;

std::optional<EventLog::Level> EventLog::levelFromName(const QString &name)
{
    for (Level level : { Level::Error, Level::Warning, Level::Info, Level::Debug }) {
        if (name == levelName(level))
            return level;
    }
    return std::nullopt;
}

QString EventLog::levelName(Level level)
{
    switch (level) {
    case Level::Error:
        return QStringLiteral("error");
    case Level::Warning:
        return QStringLiteral("warning");
    case Level::Info:
        return QStringLiteral("info");
    case Level::Debug:
        break;
    }
    return QStringLiteral("debug");
}

QString EventLog::categoryRules(Level level)
{
    // Qt's category levels are debug, info, warning and critical; "error" keeps critical only.
    const auto rule = [level](const char *qtLevel, Level from) {
        return QStringLiteral("tandem.*.%1=%2")
            .arg(QLatin1String(qtLevel),
                level >= from ? QStringLiteral("true") : QStringLiteral("false"));
    };
    return QStringList { rule("debug", Level::Debug), rule("info", Level::Info),
        rule("warning", Level::Warning) }
        .join(u'\n');
}

Result<void> EventLog::open()
{
    if (!QDir().mkpath(m_options.directory))
        return fail(Error::io(
            QStringLiteral("cannot create the log directory %1").arg(m_options.directory)));
    m_file.setFileName(QDir(m_options.directory).filePath(QStringLiteral("tandem.log")));
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
        return fail(Error::io(QStringLiteral("cannot write the log %1: %2")
                                  .arg(m_file.fileName(), m_file.errorString())));
    return {};
}

void EventLog::attach(Engine &engine)
{
    connect(&engine, &Engine::attemptsRecorded, this, &EventLog::logAttempts);
    connect(&engine, &Engine::breakerTransition, this, &EventLog::logBreakerTransition);
    connect(&engine, &Engine::targetsChanged, this, [this](const QStringList &running) {
        write(QStringLiteral("info"), QStringLiteral("targets.running"),
            { { QStringLiteral("targets"), QJsonArray::fromStringList(running) } });
    });
    connect(&engine, &Engine::targetReconfigured, this,
        [this](const QString &target, const QStringList &changed) {
            write(QStringLiteral("info"), QStringLiteral("target.reconfigured"),
                { { QStringLiteral("target"), target },
                    { QStringLiteral("changed"), QJsonArray::fromStringList(changed) } });
        });
    connect(&engine, &Engine::storeError, this, [this](const QString &message) {
        write(QStringLiteral("error"), QStringLiteral("store.error"),
            { { QStringLiteral("error"), message } });
    });
}

void EventLog::write(const QString &level, const QString &event, QJsonObject fields)
{
    if (const auto rank = levelFromName(level); rank && *rank > m_options.level)
        return;
    fields.insert(
        QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    fields.insert(QStringLiteral("level"), level);
    fields.insert(QStringLiteral("event"), event);
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact) + '\n';
    if (m_options.toStderr)
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    if (!m_file.isOpen())
        return;
    if (m_file.size() + line.size() > m_options.maxBytes)
        rotate();
    if (m_file.write(line) != line.size() || !m_file.flush()) {
        if (!m_writeFailed)
            std::fprintf(stderr, "tandem: cannot write the log %s: %s\n",
                qPrintable(m_file.fileName()), qPrintable(m_file.errorString()));
        m_writeFailed = true;
    }
}

void EventLog::rotate()
{
    const QString base = m_file.fileName();
    m_file.close();
    QFile::remove(base + u'.' + QString::number(m_options.keep));
    for (int i = m_options.keep - 1; i >= 1; --i)
        QFile::rename(base + u'.' + QString::number(i), base + u'.' + QString::number(i + 1));
    QFile::rename(base, base + QStringLiteral(".1"));
    m_file.setFileName(base);
    (void)m_file.open(QIODevice::WriteOnly | QIODevice::Append);
}

void EventLog::logAttempts(const QString &target, const QList<AttemptRecord> &records)
{
    const bool debug = m_options.level == Level::Debug;
    for (const AttemptRecord &r : records) {
        QJsonObject base {
            { QStringLiteral("message_id"), r.messageId },
            { QStringLiteral("target"), target },
            { QStringLiteral("attempt"), r.attemptNo },
        };
        if (!r.traceparent.isEmpty())
            base.insert(QStringLiteral("traceparent"), QString::fromLatin1(r.traceparent));
        if (r.attempted && debug) {
            QJsonObject a = base;
            a.insert(QStringLiteral("status"), r.outcome.httpStatus);
            a.insert(QStringLiteral("error_class"), errorClassName(r.outcome.errorClass));
            a.insert(QStringLiteral("latency_ms"), double(r.outcome.latencyUs) / 1000.0);
            if (!r.outcome.error.isEmpty())
                a.insert(QStringLiteral("error"), r.outcome.error);
            write(QStringLiteral("debug"), QStringLiteral("attempt"), a);
        }
        switch (r.newState) {
        case DeliveryState::Delivered:
            write(QStringLiteral("info"), QStringLiteral("delivery.delivered"), base);
            break;
        case DeliveryState::RetryWait:
            if (r.attempted) {
                base.insert(QStringLiteral("retry_in_ms"), r.delayMs);
                base.insert(QStringLiteral("error"), r.outcome.error);
                write(QStringLiteral("info"), QStringLiteral("delivery.retry"), base);
            }
            break;
        case DeliveryState::Dead:
            base.insert(QStringLiteral("reason"), r.deadReason);
            write(QStringLiteral("warning"), QStringLiteral("delivery.dead"), base);
            break;
        default:
            break; // handed back unattempted: not a change anyone acts on
        }
    }
}

void EventLog::logBreakerTransition(const QString &target, const BreakerTransition &t)
{
    // An opening is what an operator is paged for; the way back is routine.
    write(t.to == BreakerState::Open ? QStringLiteral("warning") : QStringLiteral("info"),
        QStringLiteral("breaker.transition"),
        { { QStringLiteral("target"), target },
            { QStringLiteral("from"), breakerStateName(t.from) },
            { QStringLiteral("to"), breakerStateName(t.to) },
            { QStringLiteral("failure_rate_percent"), t.failureRatePercent },
            { QStringLiteral("slow_call_rate_percent"), t.slowCallRatePercent },
            { QStringLiteral("calls"), t.calls }, { QStringLiteral("reason"), t.reason } });
}

} // namespace Tandem
