// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>

#include <QList>
#include <QMainWindow>

#include "engine/metrics/capacitycheck.h"
#include "engine/metrics/metricssnapshot.h"
#include "engine/store/store.h"
#include "ui/refreshpacer.h"
#include "ui/uisettings.h"

class QDockWidget;
class QGridLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QToolBar;

namespace Tandem {
class Engine;
class SecretStore;
} // namespace Tandem

namespace Tandem::Ui {

class DeadLetterBrowser;
class FirstRunGuide;
class HealthMonitor;
class SettingsDialog;
class TrayIcon;
struct DesktopNotification;
class EventLogPanel;
class MessageFinder;
class CapacityBanner;
class TargetCard;
class TargetChartsPanel;

/// The console's main window: a card per target (TargetCard) in a scroll area, live from the
/// engine's metrics (about once a second), with per-target actions (pause/resume, reset breaker,
/// edit), "Add target…" in the toolbar and the menu, an empty state when there are no targets,
/// and the engine's state, data directory and ingest address in the status bar. Above the tabs,
/// a CapacityBanner warns before the backlog, the disk or the dead letters reach their limits
/// (the most severe warning also shows in the status bar). A second tab
/// holds the dead-letter browser (DeadLetterBrowser), its count in the tab's title. Beneath the
/// tabs, two docks: "Events" (EventLogPanel) and "Message" (MessageFinder, filled by the
/// toolbar's find field: Ctrl+Shift+F, and Ctrl+F where the dead-letter filter does not take it).
///
/// The target list comes from the store by StoreThread::post() (never call(): the UI thread does
/// not wait on the store) and is read again whenever the engine reports that targets changed or
/// were reconfigured, and after every action. Operator actions go through the engine's
/// asynchronous setPaused() and resetBreaker(); a card's buttons are disabled until the store has
/// the change.
///
/// With no targets the Targets tab shows the first-run checklist (FirstRunGuide, Page); with
/// one, or two and no message yet, a strip above the cards carries it on (Bar).
///
/// Settings (Tools › Settings…, Ctrl+,) open a SettingsDialog; applySettings() applies what
/// takes effect at once (theme, chart refresh, notifications) and settingsSaved() hands the
/// rest to the composition root (log level). A HealthMonitor follows the engine for the tray
/// icon (TrayIcon, where a system tray exists) and the desktop notifications, which go to the
/// tray or, without one, to the status bar.
///
/// Quit (the menu, the tray, SIGTERM through quit()) does not stop the engine itself: it emits
/// quitRequested() (once) and the composition root drains the engine and quits; the window
/// says "Stopping" meanwhile. Closing the window does the same, except with a tray icon: then
/// the window only hides and the engine keeps delivering (the first time, a balloon says so).
///
/// Thread: UI thread, with the engine (not owned; must outlive the window).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// `secrets` (not owned, may be nullptr) is where the target dialog writes typed secrets.
    MainWindow(Engine &engine, SecretStore *secrets, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// What the status bar says about where the engine runs.
    void setEngineLocation(const QString &dataDir, const QString &ingestUrl);

    /// The card of `target`, or nullptr.
    TargetCard *card(const QString &target) const;
    QList<TargetCard *> cards() const;
    /// Whether the "no targets yet" page is showing.
    bool isShowingEmptyState() const;
    /// The strip that warns before capacity limits bite (hidden while all is well).
    CapacityBanner *capacityBanner() const { return m_capacity; }
    /// The "Dead letters" tab.
    DeadLetterBrowser *deadLetterBrowser() const { return m_deadLetters; }
    /// The "Events" dock: breaker transitions, dead letters, replays, configuration changes.
    EventLogPanel *eventLog() const { return m_events; }
    /// The "Message" dock: a message's deliveries side by side (Find message, Ctrl+Shift+F).
    MessageFinder *messageFinder() const { return m_finder; }
    /// The targets' charts, under the cards on the "Targets" tab (hidden while there are none).
    TargetChartsPanel *targetCharts() const { return m_charts; }
    /// The first-run checklist: the empty state's page, and the strip above the cards.
    FirstRunGuide *firstRunPage() const { return m_emptyState; }
    FirstRunGuide *firstRunBar() const { return m_firstRunBar; }
    HealthMonitor *healthMonitor() const { return m_health; }
    /// The tray icon; nullptr where there is no system tray.
    TrayIcon *trayIcon() const { return m_tray; }
    /// The settings in effect.
    const UiSettings &settings() const { return m_settings; }
    /// Applies what takes effect at once: theme, chart and card refresh, notifications.
    void applySettings(const Tandem::Ui::UiSettings &settings);

public Q_SLOTS:
    void addTarget();
    void editTarget(const QString &target);
    /// Opens a TestConnectionDialog that probes `target` with its stored credentials at once.
    void testConnection(const QString &target);
    /// Reads the target list from the store again (coalesced while a read is on its way).
    void refreshTargets();
    /// Shows the "Message" dock with the message of that id or Idempotency-Key.
    void findMessage(const QString &idOrKey);
    /// Opens the Settings dialog (or raises the open one).
    void openSettings();
    /// Pauses (or resumes) every enabled target, as each card's button does.
    void setAllPaused(bool paused);
    /// Shows the window on its "Dead letters" tab.
    void showDeadLetters();
    /// Quits: the engine drains, even with a tray icon.
    void quit();

Q_SIGNALS:
    /// The operator closed the window or chose Quit; the engine is still running.
    void quitRequested();
    /// A read of the target list arrived and the cards follow it (for tests and the demo).
    void targetsLoaded();
    /// The Settings dialog stored new settings (applied to the window already).
    void settingsSaved(const Tandem::Ui::UiSettings &settings);
    /// A desktop notification was shown, in the tray or the status bar (for tests).
    void notified(const QString &title, const QString &text);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    FirstRunGuide *buildEmptyState();
    /// The find field in the toolbar, the "Message" and "Events" docks and the View menu.
    void buildFindAndEvents(QToolBar *toolBar);
    void applyTargets(const QList<StoredTarget> &targets);
    void handleMetrics(const QList<Tandem::MetricsSnapshot> &snapshots);
    void handlePauseRequested(const QString &target, bool paused);
    void handleResetBreakerRequested(const QString &target);
    void showDemoHint();
    void layOutCards();
    void showError(const QString &title, const QString &message);
    void setEngineState(const QString &state);
    void showCapacity(const QList<Tandem::CapacityWarning> &warnings);
    /// The settings action, the tray icon and what feeds them.
    void buildSettingsAndTray(QMenu *tools);
    void showNotification(const Tandem::Ui::DesktopNotification &notification);
    void showWindow();

    Engine &m_engine;
    SecretStore *m_secrets;
    std::map<QString, TargetCard *> m_cards; ///< by name, in name order
    std::map<QString, MetricsSnapshot> m_metrics;
    bool m_loading = false;
    bool m_loadAgain = false;
    bool m_quitting = false;
    bool m_quitAsked = false; ///< Quit, not a close that only hides to the tray
    UiSettings m_settings;
    RefreshPacer m_cardPacer;
    QString m_dataDirPath;
    QString m_ingestUrl;
    int m_columns = 0;

    QStackedWidget *m_pages = nullptr;
    FirstRunGuide *m_emptyState = nullptr; ///< the first-run checklist's page
    FirstRunGuide *m_firstRunBar = nullptr;
    QWidget *m_cardsPage = nullptr; ///< the first-run strip over the cards
    HealthMonitor *m_health = nullptr;
    TrayIcon *m_tray = nullptr;
    SettingsDialog *m_settingsDialog = nullptr; ///< while open
    QScrollArea *m_scroll = nullptr;
    QWidget *m_cardArea = nullptr;
    QGridLayout *m_cardGrid = nullptr;
    QTabWidget *m_tabs = nullptr;
    DeadLetterBrowser *m_deadLetters = nullptr;
    EventLogPanel *m_events = nullptr;
    MessageFinder *m_finder = nullptr;
    QDockWidget *m_eventDock = nullptr;
    QDockWidget *m_findDock = nullptr;
    QLineEdit *m_findField = nullptr;
    TargetChartsPanel *m_charts = nullptr;
    QSplitter *m_targetsSplitter = nullptr; ///< the cards above, the charts below
    bool m_cardsFitted = false; ///< the split was made once to show the cards whole
    QLabel *m_engineState = nullptr;
    QLabel *m_dataDir = nullptr;
    QLabel *m_ingest = nullptr;
    CapacityBanner *m_capacity = nullptr;
    QLabel *m_capacityState = nullptr;
};

} // namespace Tandem::Ui
