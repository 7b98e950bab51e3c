// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>

#include <QList>
#include <QWidget>

#include "engine/dispatch/bulkreplay.h"
#include "engine/store/store.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class AttemptHistoryModel;
class DeadLetterGroupModel;
class DeadLetterDetailPane;
class DeadLetterModel;

/// The dead-letter queue for operators: a filter bar (target, status or error class, time range,
/// free text), the dead letters as a table paged from the store (DeadLetterModel), and a detail
/// pane (DeadLetterDetailPane: payload, request sent, payload versions, every attempt).
/// Actions on the selection: Replay (Ctrl+R; the rows leave the list once the store has put them
/// back to pending), Discard (Delete; after a confirmation) and Export as JSON Lines (Ctrl+E);
/// on a single dead letter, the pane's Edit and replay (Ctrl+Shift+E) and Copy as curl
/// (Ctrl+Shift+C).
///
/// Above the list, the failure groups (DeadLetterGroupModel: target, status or error class and
/// normalised error, count, first and last seen) under the same filter; clicking a group scopes
/// the list, its count and every action to it, "All failures" goes back. "Replay all matching"
/// (Ctrl+Shift+R) replays everything the filter and group match, not only the rows fetched: it
/// asks first with the count, then runs a BulkReplay (paced per target, per-key order) whose
/// progress shows under the toolbar with a Cancel button.
///
/// Every store access is StoreThread::post(): the UI never waits on the store. The confirmation
/// is a function so that tests can answer it without a modal dialog.
///
/// Thread: UI thread, with the engine (not owned; must outlive the browser).
class DeadLetterBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeadLetterBrowser)

public:
    /// Asks the operator to confirm; returns whether to go ahead.
    using Confirmation = std::function<bool(const QString &title, const QString &question)>;

    explicit DeadLetterBrowser(Engine &engine, QWidget *parent = nullptr);
    ~DeadLetterBrowser() override;

    DeadLetterModel *model() const { return m_model; }
    AttemptHistoryModel *attemptModel() const { return m_attempts; }
    DeadLetterDetailPane *detailPane() const { return m_detail; }
    QTableView *view() const { return m_view; }
    DeadLetterGroupModel *groupModel() const { return m_groups; }
    QTableView *groupView() const { return m_groupView; }
    /// The group the list is scoped to, if any.
    std::optional<DeadLetterFingerprint> scopedGroup() const { return m_group; }
    /// The running "Replay all matching", or null.
    BulkReplay *bulkReplay() const { return m_bulk; }
    /// Replaces the default confirmation (a QMessageBox).
    void setConfirmation(Confirmation confirmation);
    QList<DeadLetter> selectedDeadLetters() const;
    /// The payload shown in the detail pane (pretty-printed when it is JSON).
    QString detailPayload() const;

public Q_SLOTS:
    void replaySelected();
    void discardSelected();
    /// Asks with the count, then replays every dead letter matching the filter and group.
    void replayAllMatching();
    /// Stops releasing chunks of the running "Replay all matching".
    void cancelReplayAll();
    /// Scopes the list and its actions to one failure group; showAllGroups() undoes it.
    void showGroup(const Tandem::DeadLetterFingerprint &fingerprint);
    void showAllGroups();
    /// Asks for a file and writes the selection there.
    void exportSelection();
    /// Writes the selected dead letters, with their payloads, one JSON object a line.
    void exportSelectionTo(const QString &path);

Q_SIGNALS:
    /// Dead letters matching the filter (the model's total), for a tab title.
    void countChanged(qint64 count);
    void replayed(int count);
    /// "Replay all matching" started, with the dead letters it matched.
    void bulkReplayStarted(qint64 total);
    void bulkReplayFinished(const Tandem::BulkReplayProgress &progress, bool cancelled);
    void discarded(int count);
    void exported(const QString &path, int count);
    /// The detail pane shows this message (after the store read arrived).
    void detailShown(const QString &messageId);
    void actionFailed(const QString &message);

private:
    QWidget *buildFilterBar();
    QWidget *buildGroupPane();
    QWidget *buildProgressRow();
    void showBulkProgress(const Tandem::BulkReplayProgress &progress);
    void handleBulkFinished(const Tandem::BulkReplayProgress &progress, bool cancelled);
    void selectScopedGroup();
    QWidget *buildDetailPane();
    void applyFilter();
    void loadTargets();
    void showDetail();
    void updateActions();
    void updateCount();
    void changeSelected(bool replay);
    void setBusy(bool busy);

    Engine &m_engine;
    DeadLetterModel *m_model = nullptr;
    AttemptHistoryModel *m_attempts = nullptr; ///< the detail pane's
    DeadLetterGroupModel *m_groups = nullptr;
    std::optional<DeadLetterFingerprint> m_group;
    BulkReplay *m_bulk = nullptr; ///< a child while it runs; deleted once finished
    Confirmation m_confirm;
    bool m_busy = false;
    QString m_detailMessageId; ///< what the detail pane shows or is reading
    DeadLetterDetailPane *m_detail = nullptr;

    QComboBox *m_target = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_timeRange = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QTimer *m_filterTimer = nullptr;
    QStackedWidget *m_listPages = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_emptyState = nullptr;
    QAction *m_replay = nullptr;
    QAction *m_discard = nullptr;
    QAction *m_export = nullptr;
    QAction *m_replayAll = nullptr;
    QTableView *m_groupView = nullptr;
    QLabel *m_groupsEmpty = nullptr; ///< over the group view while it has no rows
    QLabel *m_scope = nullptr;
    QPushButton *m_showAll = nullptr;
    QWidget *m_progressRow = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressText = nullptr;
    QPushButton *m_cancelRun = nullptr;
    QTimer *m_progressHide = nullptr;
};

} // namespace Tandem::Ui
