// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <deque>

#include <QAbstractTableModel>
#include <QHash>

namespace Tandem::Ui {

/// One row of the console's event log.
struct LogEvent
{
    /// Stored in KindRole as an int: never renumber.
    enum class Kind {
        Breaker = 0,
        DeadLetters = 1,
        Replay = 2,
        Discard = 3,
        Configuration = 4,
        Engine = 5
    };
    enum class Severity { Info, Good, Warning, Bad };

    Kind kind = Kind::Engine;
    qint64 atMs = 0;
    QString target; ///< empty when the event concerns no one target
    QString text; ///< for dead letters: the reason they share ("HTTP 503")
    Severity severity = Severity::Info;
    int count = 1; ///< dead letters coalesced into this row
    QString messageId; ///< the latest message the event concerns, if one

    friend bool operator==(const LogEvent &, const LogEvent &) = default;
};

/// What happened in the engine, newest first, for operators: breaker transitions, dead letters,
/// replays and discards, configuration changes and the engine's own state. Bounded: once
/// `capacity` rows are kept, the oldest leaves for each new one.
///
/// Dead letters come in bursts (a target answering 503 kills hundreds a second), so
/// addDeadLetters() coalesces: dead letters of one target for one reason within CoalesceMs of
/// the row's first one add to that row's count ("billing: 240 dead letters (HTTP 503)") instead
/// of adding rows. addHistory() adds events older than every row (read back from the store at
/// start), skipping those the log already has.
///
/// Thread: UI thread.
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)

public:
    enum Column { TimeColumn, KindColumn, TargetColumn, EventColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, ///< int (LogEvent::Kind)
        AtRole, ///< qint64 ms since the epoch
        TargetRole, ///< QString
        CountRole, ///< int
        MessageIdRole, ///< QString, empty if none
        SeverityRole, ///< int (LogEvent::Severity)
    };

    static constexpr int DefaultCapacity = 5000;
    static constexpr qint64 CoalesceMs = 1000;

    explicit EventLogModel(int capacity = DefaultCapacity, QObject *parent = nullptr);
    ~EventLogModel() override;

    static QString kindName(LogEvent::Kind kind);

    void add(const LogEvent &event);
    /// `count` dead letters of `target` for `reason`, the latest being `messageId`, at `atMs`.
    void addDeadLetters(const QString &target, const QString &reason, int count,
        const QString &messageId, qint64 atMs);
    /// Events from before the first row, oldest first.
    void addHistory(const QList<LogEvent> &olderEvents);
    void clear();

    /// The event shown in `row` (0 is the newest).
    LogEvent event(int row) const;
    int capacity() const { return m_capacity; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void append(const LogEvent &event);
    void trim();
    QString eventText(const LogEvent &e) const;
    /// Storage index of display row `row`.
    qsizetype indexOf(int row) const { return qsizetype(m_events.size()) - 1 - row; }

    int m_capacity;
    std::deque<LogEvent> m_events; ///< oldest first; display order is the reverse
    qint64 m_firstSerial = 0; ///< serial of m_events.front(); serials never change
    QHash<QString, qint64> m_openBursts; ///< "target\nreason" → serial of its dead-letter row
};

} // namespace Tandem::Ui
