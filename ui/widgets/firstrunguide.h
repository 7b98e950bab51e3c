// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QList>

#include "engine/metrics/metricssnapshot.h"

class QLabel;
class QPushButton;
class QToolButton;

namespace Tandem {
class Engine;
} // namespace Tandem

namespace Tandem::Ui {

/// Gets a new console going, as a checklist: 1 add a target, 2 add a second one, 3 send a
/// message (the curl line for the ingest API, with Copy, and "Send a test message", which
/// enqueues one through the engine). Steps done are ticked, the current one is numbered in
/// the highlight colour and says what to do.
///
/// Two presentations: Page, the console's empty state (no targets yet: a welcome, the
/// checklist with each step explained, "Open the demo…"); Bar, a strip above the target cards
/// while the checklist is not done (one target, or two and no message yet), which can be
/// dismissed for good (UiSettings::setFirstRunDismissed). The Bar learns that messages flow
/// from the engine's figures (any attempt, anything pending) or, at start, from the figures
/// the store last recorded, so per data directory: once they do, the checklist is done, with
/// one target or more.
///
/// Thread: UI thread, with the engine (not owned; must outlive the guide).
class FirstRunGuide final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunGuide)

public:
    enum class Presentation { Page, Bar };
    enum class Step { AddTarget, AddSecondTarget, SendMessage, Done };

    FirstRunGuide(Engine &engine, Presentation presentation, QWidget *parent = nullptr);
    ~FirstRunGuide() override;

    /// The step to do next.
    static Step nextStep(int targets, bool messageSeen);
    /// The command that sends a message to the ingest API at `ingestUrl` ("http://HOST:PORT"),
    /// with the token from `tandem ingest token` (with `--data DIR` unless `dataDir` is empty).
    static QString curlCommand(const QString &ingestUrl, const QString &dataDir);

    void setTargetCount(int targets);
    /// Where the ingest API listens, and the data directory when it is not the default one.
    void setIngest(const QString &ingestUrl, const QString &dataDir);
    Step step() const { return nextStep(m_targets, m_messageSeen); }
    bool messageSeen() const { return m_messageSeen; }
    /// Bar: whether it wants to be shown (not done, not dismissed, at least one target).
    bool isWanted() const;
    QString command() const;

Q_SIGNALS:
    void addTargetRequested();
    void demoRequested();
    /// Bar: wanted or not any more (dismissed, or done).
    void wantedChanged(bool wanted);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildPage();
    void buildBar();
    QWidget *buildCommandBox();
    void updateSteps();
    void setMessageSeen();
    void handleMetrics(const QList<Tandem::MetricsSnapshot> &snapshots);
    void sendTestMessage();
    QPixmap marker(int number, Step shown) const;

    Engine &m_engine;
    Presentation m_presentation;
    int m_targets = 0;
    bool m_messageSeen = false;
    bool m_dismissed = false;
    bool m_historyKnown = false; ///< the store's last figures were read
    bool m_wanted = false;
    QString m_ingestUrl;
    QString m_dataDir;

    QList<QLabel *> m_markers;
    QList<QLabel *> m_titles;
    QList<QLabel *> m_details; ///< Page: one per step; Bar: one, the current step's
    QPushButton *m_addTarget = nullptr;
    QWidget *m_commandBox = nullptr;
    QLabel *m_command = nullptr;
    QPushButton *m_sendTest = nullptr;
    QLabel *m_sent = nullptr;
    QToolButton *m_dismiss = nullptr;
};

} // namespace Tandem::Ui
