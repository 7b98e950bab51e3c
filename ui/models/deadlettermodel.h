// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "engine/store/store.h"

class QTimer;

namespace Tandem {
class Engine;
struct AttemptRecord;
} // namespace Tandem

namespace Tandem::Ui {

/// The dead-letter queue as a table, read from the store a page at a time (canFetchMore /
/// fetchMore), so 100,000 dead letters open at once: the store filters and sorts
/// (Store::findDeadLetters), the model only holds the rows fetched so far.
///
/// Every read goes through StoreThread::post(), so the UI thread never waits on the store; rows
/// arrive later. A read made for an earlier filter or order is dropped when it arrives. When the
/// engine records a dead letter (Engine::attemptsRecorded), or after refresh(), the fetched rows
/// are read again and merged in: new rows are inserted, gone ones removed, so a view keeps its
/// selection and scroll position (the model is reset only when the order of kept rows changed).
///
/// Thread: UI thread, with the engine (not owned; must outlive the model).
class DeadLetterModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeadLetterModel)

public:
    enum Column {
        MessageIdColumn,
        TargetColumn,
        DeadAtColumn,
        AttemptsColumn,
        LastErrorColumn,
        ColumnCount
    };
    enum Role {
        DeliveryIdRole = Qt::UserRole + 1, ///< qint64
        MessageIdRole, ///< QString
        TargetRole, ///< QString
        DeadAtRole, ///< qint64, ms since the epoch
        LastStatusRole, ///< int, 0 when no HTTP answer came
        ReasonRole, ///< QString: why the delivery died
    };

    static constexpr int PageSize = 500;

    explicit DeadLetterModel(Engine &engine, QObject *parent = nullptr);
    ~DeadLetterModel() override;

    /// Filters (target, status, error class, text, time range) and order; paging is the model's.
    /// Setting a different filter resets the model and reads the first page.
    DeadLetterQuery filter() const { return m_query; }
    void setFilter(const DeadLetterQuery &filter);

    /// Dead letters matching the filter in the store (not only the rows fetched); -1 until known.
    qint64 totalCount() const { return m_total; }
    DeadLetter deadLetter(int row) const { return m_rows.at(row); }
    /// Whether a read is on its way.
    bool isLoading() const { return m_loading; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

public Q_SLOTS:
    /// Reads the fetched rows and the count again (coalesced while a read is on its way).
    void refresh();

Q_SIGNALS:
    void totalCountChanged(qint64 total);
    /// A read arrived and the rows follow it (for tests and the browser's busy state).
    void loaded();
    void loadFailed(const QString &message);

private:
    struct Page
    {
        QList<DeadLetter> rows;
        qint64 total = 0;
    };

    void read(qint64 offset, int limit, bool replace);
    void handleRead(const Page &page, qint64 offset, bool replace);
    void handleAttemptsRecorded(const QString &target, const QList<Tandem::AttemptRecord> &records);
    void mergeRows(const QList<DeadLetter> &rows);
    void setTotal(qint64 total);

    Engine &m_engine;
    DeadLetterQuery m_query;
    QList<DeadLetter> m_rows;
    qint64 m_total = -1;
    quint64 m_generation = 0; ///< grows with every filter or order, so stale reads are dropped
    bool m_loading = false;
    bool m_refreshAgain = false;
    QTimer *m_refreshTimer = nullptr;
};

} // namespace Tandem::Ui
