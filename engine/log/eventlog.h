// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include <QFile>
#include <QJsonObject>
#include <QObject>

#include "engine/core/delivery.h"
#include "engine/core/error.h"
#include "engine/dispatch/circuitbreaker.h"

namespace Tandem {

class Engine;

/// The structured log: one JSON object per line, written to `<dir>/tandem.log` (rotated at
/// `maxBytes`, keeping `keep` older files as tandem.log.1 … .N) and, when asked, to stderr.
/// Levels, from the fewest lines: error (the store failing), warning (also a delivery dead, a
/// breaker opening), info (every state change: a delivery delivered, retrying or dead; a
/// breaker transition; targets starting and stopping), debug (also one line per attempt). Every
/// delivery line names the message id, target, attempt and the traceparent sent. Nothing that
/// could be a secret is logged: no payloads, headers or response bodies.
///
/// Thread: lives on the engine's thread and follows the engine's batched signals.
/// Errors: open() fails naming the file; a failed write is reported once on stderr and the
/// engine carries on.
class EventLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLog)

public:
    /// In order: a level writes its own lines and those of the levels before it.
    enum class Level { Error, Warning, Info, Debug };

    struct Options
    {
        QString directory;
        Level level = Level::Info;
        bool toStderr = false;
        qint64 maxBytes = 16 * 1024 * 1024;
        int keep = 5;
    };

    explicit EventLog(Options options, QObject *parent = nullptr);
    ~EventLog() override;

    /// "error", "warning", "info", "debug"; nullopt for anything else.
    static std::optional<Level> levelFromName(const QString &name);
    static QString levelName(Level level);
    /// QLoggingCategory rules that let the `tandem.*` categories through down to `level` (error:
    /// critical messages only; debug: everything), for QLoggingCategory::setFilterRules();
    /// $QT_LOGGING_RULES still wins over them.
    static QString categoryRules(Level level);

    Result<void> open();
    Level level() const { return m_options.level; }
    /// From the next line on.
    void setLevel(Level level) { m_options.level = level; }
    /// Follows the engine's outcomes, breaker transitions and target changes.
    void attach(Engine &engine);

    void write(const QString &level, const QString &event, QJsonObject fields);
    void logAttempts(const QString &target, const QList<AttemptRecord> &records);
    void logBreakerTransition(const QString &target, const BreakerTransition &t);

private:
    void rotate();

    Options m_options;
    QFile m_file;
    bool m_writeFailed = false;
};

} // namespace Tandem
