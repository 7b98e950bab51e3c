// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "engine/dispatch/requestpreview.h"
#include "engine/store/store.h"

class QAction;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

class AttemptHistoryModel;
class PayloadVersionModel;

/// The dead-letter browser's detail pane for one dead letter: its facts, the payload version a
/// replay sends (pretty-printed), the request as it goes to that target (every header, secrets
/// masked, built by RequestTemplate::preview()), the payload versions with reason and diff, and
/// every attempt with the version it sent. Its actions act on the dead letter shown:
/// "Edit and replay…" (Ctrl+Shift+E; EditPayloadDialog, then Store::editAndReplay) and
/// "Copy as curl" (Ctrl+Shift+C; secrets become shell variables).
///
/// Every store access is StoreThread::post(): the UI never waits on the store.
///
/// Thread: UI thread, with the engine (not owned; must outlive the pane).
class DeadLetterDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeadLetterDetailPane)

public:
    explicit DeadLetterDetailPane(Engine &engine, QWidget *parent = nullptr);
    ~DeadLetterDetailPane() override;

    QSize sizeHint() const override;

    /// Reads the dead letter's message, delivery and target from the store and shows them.
    void showDeadLetter(const DeadLetter &deadLetter);
    void clear();
    /// Whether the actions may act (one dead letter selected, nothing else running).
    void setActionsAllowed(bool allowed);

    AttemptHistoryModel *attemptModel() const { return m_attempts; }
    PayloadVersionModel *versionModel() const { return m_versions; }
    QAction *editAndReplayAction() const { return m_editAndReplay; }
    QAction *copyAsCurlAction() const { return m_copyAsCurl; }
    /// The payload shown (pretty-printed when it is JSON): the version a replay sends.
    QString payloadText() const;
    /// The request shown: request line, headers (secrets masked), body.
    QString requestText() const;
    /// The curl command for the dead letter shown; empty when there is none or no request.
    QString curlCommand() const;

public Q_SLOTS:
    /// Opens the edit dialog (window-modal, not blocking); on OK stores the edit and replays.
    void editAndReplay();
    /// Puts curlCommand() on the clipboard.
    void copyAsCurl();

Q_SIGNALS:
    /// The pane shows this message (after the store read arrived).
    void shown(const QString &messageId);
    /// The store kept `version` and put the delivery back to pending.
    void edited(const QString &messageId, int version);
    void curlCopied(const QString &command);
    void failed(const QString &message);

private:
    struct Detail
    {
        DeadLetter deadLetter;
        MessageView message;
        DeliveryView delivery;
        Result<RequestPreview> request;
        PayloadMapping mapping; ///< the target's, for the edit dialog to check an edit against
    };

    QWidget *buildVersionsPage();
    void present(const Detail &detail);
    void showVersionDiff();
    void updateActions();

    Engine &m_engine;
    AttemptHistoryModel *m_attempts = nullptr;
    PayloadVersionModel *m_versions = nullptr;
    std::optional<Detail> m_detail;
    QString m_loading; ///< the message id being read
    bool m_allowed = false;
    bool m_editing = false;

    QStackedWidget *m_pages = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_facts = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_payload = nullptr;
    QPlainTextEdit *m_request = nullptr;
    QTableView *m_versionView = nullptr;
    QPlainTextEdit *m_versionDiff = nullptr;
    QTableView *m_attemptView = nullptr;
    QAction *m_editAndReplay = nullptr;
    QAction *m_copyAsCurl = nullptr;
    QLabel *m_notice = nullptr; ///< a short confirmation beside the actions
    QTimer *m_noticeTimer = nullptr;
};

} // namespace Tandem::Ui
