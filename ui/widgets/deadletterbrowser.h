// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <functional>

#include <QList>
#include <QWidget>

#include "engine/store/store.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QTableView;
class QTimer;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class AttemptHistoryModel;
class DeadLetterModel;

/// The dead-letter queue for operators: a filter bar (target, status or error class, time range,
/// free text), the dead letters as a table paged from the store (DeadLetterModel), and a detail
/// pane with the selected message's pretty-printed payload and every attempt of its delivery.
/// Actions on the selection: Replay (Ctrl+R; the rows leave the list once the store has put them
/// back to pending), Discard (Delete; after a confirmation) and Export as JSON Lines (Ctrl+E).
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
    QTableView *view() const { return m_view; }
    /// Replaces the default confirmation (a QMessageBox).
    void setConfirmation(Confirmation confirmation);
    QList<DeadLetter> selectedDeadLetters() const;
    /// The payload shown in the detail pane (pretty-printed when it is JSON).
    QString detailPayload() const;

public Q_SLOTS:
    void replaySelected();
    void discardSelected();
    /// Asks for a file and writes the selection there.
    void exportSelection();
    /// Writes the selected dead letters, with their payloads, one JSON object a line.
    void exportSelectionTo(const QString &path);

Q_SIGNALS:
    /// Dead letters matching the filter (the model's total), for a tab title.
    void countChanged(qint64 count);
    void replayed(int count);
    void discarded(int count);
    void exported(const QString &path, int count);
    /// The detail pane shows this message (after the store read arrived).
    void detailShown(const QString &messageId);
    void actionFailed(const QString &message);

private:
    QWidget *buildFilterBar();
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
    AttemptHistoryModel *m_attempts = nullptr;
    Confirmation m_confirm;
    bool m_busy = false;
    QString m_detailMessageId; ///< what the detail pane shows or is reading

    QComboBox *m_target = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_timeRange = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QTimer *m_filterTimer = nullptr;
    QStackedWidget *m_listPages = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_emptyState = nullptr;
    QStackedWidget *m_detailPages = nullptr;
    QLabel *m_detailTitle = nullptr;
    QLabel *m_detailFacts = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QTableView *m_attemptView = nullptr;
    QAction *m_replay = nullptr;
    QAction *m_discard = nullptr;
    QAction *m_export = nullptr;
};

} // namespace Tandem::Ui
