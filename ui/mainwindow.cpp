// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "engine/core/clock.h"
#include "engine/dispatch/engine.h"
#include "engine/store/storethread.h"
#include "ui/appearance.h"
#include "ui/charts/targetchartspanel.h"
#include "ui/deadlettercount.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/dialogs/targetdialog.h"
#include "ui/dialogs/testconnectiondialog.h"
#include "ui/healthmonitor.h"
#include "ui/targeteditor.h"
#include "ui/trayicon.h"
#include "ui/widgets/capacitybanner.h"
#include "ui/widgets/deadletterbrowser.h"
#include "ui/widgets/eventlogpanel.h"
#include "ui/widgets/firstrunguide.h"
#include "ui/widgets/messagefinder.h"
#include "ui/widgets/targetcard.h"
#include "ui/windowlayout.h"

namespace Tandem::Ui {

namespace {

constexpr int CardMinimumWidth = 560;
constexpr int StatusTimeoutMs = 8000;

} // namespace

MainWindow::MainWindow(Engine &engine, SecretStore *secrets, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_secrets(secrets)
{
    setWindowTitle(tr("Tandem"));
    resize(1280, 860);

    auto *add = new QAction(QIcon::fromTheme(QStringLiteral("list-add")), tr("&Add target…"), this);
    add->setObjectName(QStringLiteral("addTarget"));
    add->setShortcut(QKeySequence::New);
    add->setToolTip(tr("Add an HTTP API that receives every message"));
    connect(add, &QAction::triggered, this, &MainWindow::addTarget);
    auto *quit
        = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &MainWindow::quit);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(add);
    file->addSeparator();
    file->addAction(quit);
    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(add);

    m_cardArea = new QWidget;
    m_cardGrid = new QGridLayout(m_cardArea);
    m_cardGrid->setContentsMargins(16, 16, 16, 16);
    m_cardGrid->setSpacing(16);
    m_cardGrid->setAlignment(Qt::AlignTop);
    m_scroll = new QScrollArea;
    m_scroll->setObjectName(QStringLiteral("cards"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(m_cardArea);
    m_scroll->viewport()->installEventFilter(this);

    m_emptyState = buildEmptyState();
    m_firstRunBar = new FirstRunGuide(m_engine, FirstRunGuide::Presentation::Bar);
    connect(m_firstRunBar, &FirstRunGuide::addTargetRequested, this, &MainWindow::addTarget);
    m_cardsPage = new QWidget;
    auto *cardsLayout = new QVBoxLayout(m_cardsPage);
    cardsLayout->setContentsMargins(0, 0, 0, 0);
    cardsLayout->setSpacing(0);
    auto *barRow = new QHBoxLayout;
    barRow->setContentsMargins(16, 12, 16, 0);
    barRow->addWidget(m_firstRunBar);
    cardsLayout->addLayout(barRow);
    cardsLayout->addWidget(m_scroll, 1);
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_cardsPage);
    m_pages->addWidget(m_emptyState);

    m_deadLetters = new DeadLetterBrowser(m_engine);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    // The cards on top, the charts beneath; the split is remembered with the window layout.
    m_charts = new TargetChartsPanel(m_engine);
    m_targetsSplitter = new QSplitter(Qt::Vertical);
    m_targetsSplitter->setObjectName(QStringLiteral("targetsSplitter"));
    m_targetsSplitter->setChildrenCollapsible(false);
    m_targetsSplitter->addWidget(m_pages);
    m_targetsSplitter->addWidget(m_charts);
    m_targetsSplitter->setStretchFactor(1, 1);
    m_tabs->addTab(m_targetsSplitter, tr("Targets"));
    const int deadLetterTab = m_tabs->addTab(m_deadLetters, tr("Dead letters"));
    connect(
        m_deadLetters, &DeadLetterBrowser::countChanged, this, [this, deadLetterTab](qint64 count) {
            m_tabs->setTabText(deadLetterTab,
                count < 0 ? tr("Dead letters") : tr("Dead letters (%L1)").arg(count));
        });
    connect(m_deadLetters, &DeadLetterBrowser::replayed, this, [this](int count) {
        statusBar()->showMessage(
            count == 1 ? tr("1 dead letter replayed") : tr("%L1 dead letters replayed").arg(count),
            StatusTimeoutMs);
    });
    connect(m_deadLetters, &DeadLetterBrowser::discarded, this, [this](int count) {
        statusBar()->showMessage(count == 1 ? tr("1 dead letter discarded")
                                            : tr("%L1 dead letters discarded").arg(count),
            StatusTimeoutMs);
    });
    connect(
        m_deadLetters, &DeadLetterBrowser::exported, this, [this](const QString &path, int count) {
            statusBar()->showMessage(
                (count == 1 ? tr("1 dead letter exported to %1").arg(path)
                            : tr("%L1 dead letters exported to %2").arg(count).arg(path)),
                StatusTimeoutMs);
        });
    connect(m_deadLetters, &DeadLetterBrowser::actionFailed, this,
        [this](const QString &message) { showError(tr("Dead letters"), message); });
    m_capacity = new CapacityBanner(m_engine);
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_capacity);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_engineState = new QLabel;
    m_engineState->setObjectName(QStringLiteral("engineState"));
    m_dataDir = new QLabel;
    m_dataDir->setObjectName(QStringLiteral("dataDir"));
    m_dataDir->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ingest = new QLabel;
    m_ingest->setObjectName(QStringLiteral("ingestAddress"));
    m_ingest->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_dataDir);
    statusBar()->addPermanentWidget(m_ingest);
    statusBar()->addPermanentWidget(m_engineState);
    m_capacityState = new QLabel;
    m_capacityState->setObjectName(QStringLiteral("capacityState"));
    m_capacityState->hide();
    statusBar()->addPermanentWidget(m_capacityState);
    connect(m_capacity, &CapacityBanner::warningsChanged, this,
        [this](const QList<CapacityWarning> &warnings) { showCapacity(warnings); });
    setEngineState(m_engine.isRunning() ? tr("Running") : tr("Not running"));

    connect(&m_engine, &Engine::metricsUpdated, this, &MainWindow::handleMetrics);
    connect(&m_engine, &Engine::targetsChanged, this, &MainWindow::refreshTargets);
    connect(&m_engine, &Engine::targetReconfigured, this, &MainWindow::refreshTargets);
    connect(&m_engine, &Engine::stopped, this, [this] { setEngineState(tr("Stopped")); });
    connect(&m_engine, &Engine::storeError, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Store error: %1").arg(message), StatusTimeoutMs);
    });

    buildFindAndEvents(toolBar);
    buildSettingsAndTray(tools);
    refreshTargets();
    QSettings settings;
    WindowLayout::restore(*this, settings);
}

MainWindow::~MainWindow() = default;

FirstRunGuide *MainWindow::buildEmptyState()
{
    auto *page = new FirstRunGuide(m_engine, FirstRunGuide::Presentation::Page);
    connect(page, &FirstRunGuide::addTargetRequested, this, &MainWindow::addTarget);
    connect(page, &FirstRunGuide::demoRequested, this, &MainWindow::showDemoHint);
    return page;
}

void MainWindow::buildSettingsAndTray(QMenu *tools)
{
    auto *settings = new QAction(
        QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings…"), this);
    settings->setObjectName(QStringLiteral("openSettings"));
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);
    connect(settings, &QAction::triggered, this, &MainWindow::openSettings);
    tools->addAction(settings);
    addAction(settings);

    m_health = new HealthMonitor(m_engine, this);
    connect(m_health, &HealthMonitor::notificationDue, this, &MainWindow::showNotification);
    // A replay or discard from here changes the count at once; tell the tray without waiting.
    connect(m_deadLetters, &DeadLetterBrowser::replayed, m_health->deadLetterCount(),
        &DeadLetterCount::refresh);
    connect(m_deadLetters, &DeadLetterBrowser::discarded, m_health->deadLetterCount(),
        &DeadLetterCount::refresh);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new TrayIcon(this, this);
        connect(m_health, &HealthMonitor::summaryChanged, m_tray, &TrayIcon::setSummary);
        connect(m_tray, &TrayIcon::showHideRequested, this, [this] {
            if (isVisible() && !isMinimized())
                hide();
            else
                showWindow();
        });
        connect(m_tray, &TrayIcon::pauseAllRequested, this, [this] { setAllPaused(true); });
        connect(m_tray, &TrayIcon::resumeAllRequested, this, [this] { setAllPaused(false); });
        connect(m_tray, &TrayIcon::deadLettersRequested, this, &MainWindow::showDeadLetters);
        connect(m_tray, &TrayIcon::settingsRequested, this, &MainWindow::openSettings);
        connect(m_tray, &TrayIcon::quitRequested, this, &MainWindow::quit);
        m_tray->show();
    }
    applySettings(UiSettings::load());
}

void MainWindow::applySettings(const UiSettings &settings)
{
    if (settings.theme != m_settings.theme)
        Appearance::apply(settings.theme);
    m_charts->setRefreshIntervalMs(settings.chartRefreshMs);
    m_cardPacer.setIntervalMs(settings.chartRefreshMs);
    m_health->setNotificationOptions(
        { settings.notifyBreakerOpen, settings.notifyDeadLetters, settings.deadLetterThreshold });
    m_settings = settings;
}

void MainWindow::openSettings()
{
    showWindow();
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    m_settingsDialog = new SettingsDialog(m_settings, this);
    m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_settingsDialog->setInUse(m_dataDirPath, m_ingestUrl);
    connect(m_settingsDialog, &QObject::destroyed, this, [this] { m_settingsDialog = nullptr; });
    connect(m_settingsDialog, &SettingsDialog::saved, this, [this](const UiSettings &saved) {
        const QStringList restart = UiSettings::changesNeedingRestart(m_settings, saved);
        applySettings(saved);
        statusBar()->showMessage(restart.isEmpty()
                ? tr("Settings saved")
                : tr("Settings saved; takes effect when Tandem starts next: %1")
                      .arg(restart.join(QStringLiteral(", "))),
            StatusTimeoutMs);
        Q_EMIT settingsSaved(saved);
    });
    m_settingsDialog->open();
}

void MainWindow::showNotification(const DesktopNotification &notification)
{
    if (m_tray && m_tray->isVisible())
        m_tray->showNotification(notification);
    else
        statusBar()->showMessage(
            tr("%1: %2").arg(notification.title, notification.text), 2 * StatusTimeoutMs);
    Q_EMIT notified(notification.title, notification.text);
}

void MainWindow::setAllPaused(bool paused)
{
    // Every enabled target, whatever its card shows: the store makes a repeated pause or
    // resume a no-op, and the card may not show the last change yet.
    for (const auto &[name, c] : m_cards) {
        if (c->target().config.enabled)
            handlePauseRequested(name, paused);
    }
}

void MainWindow::showWindow()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::showDeadLetters()
{
    showWindow();
    m_tabs->setCurrentWidget(m_deadLetters);
}

void MainWindow::quit()
{
    m_quitAsked = true;
    close();
}

void MainWindow::buildFindAndEvents(QToolBar *toolBar)
{
    m_finder = new MessageFinder(m_engine);
    m_findDock = new QDockWidget(tr("Message"), this);
    m_findDock->setObjectName(QStringLiteral("messageDock"));
    m_findDock->setWidget(m_finder);
    m_events = new EventLogPanel(m_engine);
    m_eventDock = new QDockWidget(tr("Events"), this);
    m_eventDock->setObjectName(QStringLiteral("eventDock"));
    m_eventDock->setWidget(m_events);
    // Both under the dashboard, as tabs: the events stay in view while nothing is looked up.
    addDockWidget(Qt::BottomDockWidgetArea, m_eventDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_findDock);
    tabifyDockWidget(m_eventDock, m_findDock);
    m_eventDock->raise();
    resizeDocks({ m_eventDock }, { 260 }, Qt::Vertical);

    m_findField = new QLineEdit;
    m_findField->setObjectName(QStringLiteral("findMessageField"));
    m_findField->setPlaceholderText(tr("Find message by id or Idempotency-Key"));
    m_findField->setClearButtonEnabled(true);
    m_findField->setMinimumWidth(
        m_findField->fontMetrics().horizontalAdvance(m_findField->placeholderText()) + 48);
    m_findField->setToolTip(tr("Ctrl+Shift+F (Ctrl+F outside the dead-letter tab)"));
    connect(
        m_findField, &QLineEdit::returnPressed, this, [this] { findMessage(m_findField->text()); });
    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);
    toolBar->addWidget(m_findField);

    // Ctrl+F is the dead-letter tab's filter there; elsewhere an operator expects it to find.
    auto *find
        = new QAction(QIcon::fromTheme(QStringLiteral("edit-find")), tr("&Find message…"), this);
    find->setObjectName(QStringLiteral("findMessage"));
    const auto updateFindShortcuts = [this, find] {
        QList<QKeySequence> keys { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F) };
        if (m_tabs->currentWidget() != m_deadLetters)
            keys.append(QKeySequence::Find);
        find->setShortcuts(keys);
    };
    updateFindShortcuts();
    connect(m_tabs, &QTabWidget::currentChanged, this, updateFindShortcuts);
    connect(find, &QAction::triggered, this, [this] {
        m_findField->setFocus(Qt::ShortcutFocusReason);
        m_findField->selectAll();
    });
    addAction(find);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(find);
    view->addSeparator();
    view->addAction(m_eventDock->toggleViewAction());
    view->addAction(m_findDock->toggleViewAction());

    connect(m_events, &EventLogPanel::messageRequested, this, &MainWindow::findMessage);
    connect(m_deadLetters, &DeadLetterBrowser::replayed, m_events, &EventLogPanel::recordReplay);
    connect(m_deadLetters, &DeadLetterBrowser::discarded, m_events, &EventLogPanel::recordDiscard);
    // A replay or discard changes deliveries without an attempt: read the message shown again.
    connect(m_deadLetters, &DeadLetterBrowser::replayed, m_finder, &MessageFinder::refresh);
    connect(m_deadLetters, &DeadLetterBrowser::discarded, m_finder, &MessageFinder::refresh);
}

void MainWindow::findMessage(const QString &idOrKey)
{
    if (m_findField->text() != idOrKey)
        m_findField->setText(idOrKey);
    m_findDock->show();
    m_findDock->raise();
    m_finder->find(idOrKey);
}

void MainWindow::setEngineLocation(const QString &dataDir, const QString &ingestUrl)
{
    m_capacity->setDataDirectory(dataDir);
    m_dataDir->setText(tr("Data: %1").arg(dataDir));
    m_ingest->setText(tr("Ingest API: %1/v1/messages").arg(ingestUrl));
    m_dataDirPath = dataDir;
    m_ingestUrl = ingestUrl;
    // The guide's curl line names the data directory only when it is not the default one.
    const QString defaultDir
        = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
              .filePath(QStringLiteral("tandem"));
    const QString guideDir = QDir(dataDir) == QDir(defaultDir) ? QString() : dataDir;
    m_emptyState->setIngest(ingestUrl, guideDir);
    m_firstRunBar->setIngest(ingestUrl, guideDir);
}

void MainWindow::showCapacity(const QList<CapacityWarning> &warnings)
{
    if (warnings.isEmpty()) {
        m_capacityState->hide();
        return;
    }
    const CapacityWarning &first = warnings.constFirst();
    const bool critical = first.level == CapacityWarning::Level::Critical;
    m_capacityState->setText(
        QStringLiteral("<span style=\"color:%1\">⚠ %2</span>")
            .arg(Appearance::readable(
                     critical ? QColor(0xb3, 0x26, 0x1e) : QColor(0x8a, 0x61, 0x00), palette())
                     .name(),
                first.shortText.toHtmlEscaped()));
    QStringList all;
    for (const CapacityWarning &w : warnings)
        all.append(w.text);
    m_capacityState->setToolTip(all.join(u'\n'));
    m_capacityState->show();
}

void MainWindow::setEngineState(const QString &state)
{
    m_engineState->setText(tr("Engine: %1").arg(state));
}

TargetCard *MainWindow::card(const QString &target) const
{
    const auto it = m_cards.find(target);
    return it == m_cards.end() ? nullptr : it->second;
}

QList<TargetCard *> MainWindow::cards() const
{
    QList<TargetCard *> all;
    for (const auto &[name, card] : m_cards)
        all.append(card);
    return all;
}

bool MainWindow::isShowingEmptyState() const { return m_pages->currentWidget() == m_emptyState; }

void MainWindow::refreshTargets()
{
    if (m_loading) {
        m_loadAgain = true; // one more read after this one, however many changes arrive
        return;
    }
    m_loading = true;
    m_engine.store().post<QList<StoredTarget>>(
        this, [](Store &s) { return s.targets(); },
        [this](Result<QList<StoredTarget>> r) {
            m_loading = false;
            if (r)
                applyTargets(*r);
            else
                statusBar()->showMessage(
                    tr("Cannot read the targets: %1").arg(r.error().message), StatusTimeoutMs);
            if (std::exchange(m_loadAgain, false))
                refreshTargets();
        },
        StoreThread::Commit::Lazy);
}

void MainWindow::applyTargets(const QList<StoredTarget> &targets)
{
    bool changed = false;
    std::map<QString, TargetCard *> kept;
    for (const StoredTarget &t : targets) {
        TargetCard *c = card(t.config.name);
        if (c) {
            m_cards.erase(t.config.name);
            c->setTarget(t);
        } else {
            c = new TargetCard(t, m_cardArea);
            connect(c, &TargetCard::pauseRequested, this, &MainWindow::handlePauseRequested);
            connect(c, &TargetCard::resetBreakerRequested, this,
                &MainWindow::handleResetBreakerRequested);
            connect(c, &TargetCard::editRequested, this, &MainWindow::editTarget);
            connect(c, &TargetCard::testConnectionRequested, this, &MainWindow::testConnection);
            const auto m = m_metrics.find(t.config.name);
            c->setMetrics(
                m == m_metrics.end() ? std::nullopt : std::optional<MetricsSnapshot>(m->second));
            changed = true;
        }
        kept.emplace(t.config.name, c);
    }
    for (auto &[name, gone] : m_cards) {
        gone->deleteLater();
        changed = true;
    }
    m_cards = std::move(kept);
    if (changed) {
        m_columns = 0; // lay out again
        layOutCards();
    }
    m_pages->setCurrentWidget(m_cards.empty() ? static_cast<QWidget *>(m_emptyState) : m_cardsPage);
    m_firstRunBar->setTargetCount(int(m_cards.size()));
    QStringList names;
    for (const auto &[name, c] : m_cards)
        names.append(name);
    m_charts->setTargets(names);
    m_charts->setVisible(!m_cards.empty());
    if (!m_cards.empty() && !std::exchange(m_cardsFitted, true)) {
        // The cards arrive after the splitter's first layout: once they are laid out, give
        // them the room they need (up to 60 %), unless the pane is already large enough.
        QTimer::singleShot(0, this, [this] {
            const QList<int> sizes = m_targetsSplitter->sizes();
            const int total = sizes.value(0) + sizes.value(1);
            const int wanted = std::min(m_cardArea->sizeHint().height(), total * 3 / 5);
            if (sizes.size() == 2 && sizes.at(0) < wanted)
                m_targetsSplitter->setSizes({ wanted, total - wanted });
        });
    }
    Q_EMIT targetsLoaded();
}

void MainWindow::layOutCards()
{
    const int width = m_scroll->viewport()->width() - 32;
    const int columns = std::max(1, width / CardMinimumWidth);
    if (columns == m_columns)
        return;
    m_columns = columns;
    while (m_cardGrid->count() > 0)
        delete m_cardGrid->takeAt(0); // the layout items only: the cards stay
    int i = 0;
    for (const auto &[name, card] : m_cards) {
        m_cardGrid->addWidget(card, i / columns, i % columns);
        card->show();
        ++i;
    }
    for (int c = 0; c < m_cardGrid->columnCount(); ++c)
        m_cardGrid->setColumnStretch(c, c < columns ? 1 : 0);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize)
        layOutCards();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::handleMetrics(const QList<MetricsSnapshot> &snapshots)
{
    m_metrics.clear();
    for (const MetricsSnapshot &s : snapshots)
        m_metrics.insert_or_assign(s.target, s);
    // Settings › Charts › Refresh: every batch is kept, the cards redraw at that pace.
    if (!m_cardPacer.isDue(nowMs()))
        return;
    for (const auto &[name, card] : m_cards) {
        const auto m = m_metrics.find(name);
        card->setMetrics(
            m == m_metrics.end() ? std::nullopt : std::optional<MetricsSnapshot>(m->second));
    }
}

void MainWindow::handlePauseRequested(const QString &target, bool paused)
{
    if (TargetCard *c = card(target))
        c->setBusy(true);
    m_engine.setPaused(target, paused, this, [this, target, paused](Result<void> r) {
        if (TargetCard *c = card(target))
            c->setBusy(false);
        if (!r) {
            showError(
                paused ? tr("Cannot pause %1").arg(target) : tr("Cannot resume %1").arg(target),
                r.error().message);
            return;
        }
        statusBar()->showMessage(paused ? tr("%1 paused: its deliveries wait").arg(target)
                                        : tr("%1 resumed").arg(target),
            StatusTimeoutMs);
        refreshTargets();
    });
}

void MainWindow::handleResetBreakerRequested(const QString &target)
{
    if (TargetCard *c = card(target))
        c->setBusy(true);
    m_engine.resetBreaker(target, this, [this, target](Result<void> r) {
        if (TargetCard *c = card(target))
            c->setBusy(false);
        if (!r) {
            showError(tr("Cannot reset the breaker of %1").arg(target), r.error().message);
            return;
        }
        statusBar()->showMessage(tr("Breaker of %1 reset").arg(target), StatusTimeoutMs);
        refreshTargets();
    });
}

void MainWindow::addTarget()
{
    auto *dialog = new TargetDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QStringList names;
    for (const auto &[name, c] : m_cards)
        names.append(name);
    dialog->setTakenNames(names);
    dialog->setSecretStore(m_secrets);
    auto *editor = new TargetEditor(m_engine, m_secrets, dialog);
    dialog->setEditor(editor);
    connect(editor, &TargetEditor::saved, this, [this](const QString &target) {
        statusBar()->showMessage(tr("%1 added").arg(target), StatusTimeoutMs);
        refreshTargets();
    });
    dialog->open();
}

void MainWindow::testConnection(const QString &target)
{
    const TargetCard *c = card(target);
    if (!c)
        return;
    auto *dialog = new TestConnectionDialog(c->target().config, m_secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::editTarget(const QString &target)
{
    const TargetCard *c = card(target);
    if (!c)
        return;
    auto *dialog = new TargetDialog(c->target().config, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSecretStore(m_secrets);
    auto *editor = new TargetEditor(m_engine, m_secrets, dialog);
    dialog->setEditor(editor);
    connect(editor, &TargetEditor::saved, this,
        [this](const QString &name, const QStringList &changed) {
            statusBar()->showMessage(changed.isEmpty()
                    ? tr("%1 saved").arg(name)
                    : tr("%1 saved: %2").arg(name, changed.join(QStringLiteral(", "))),
                StatusTimeoutMs);
            refreshTargets();
        });
    connect(editor, &TargetEditor::warning, this,
        [this](const QString &message) { statusBar()->showMessage(message, StatusTimeoutMs); });
    dialog->open();
}

void MainWindow::showDemoHint()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("Open the demo"),
        tr("The demo runs in its own temporary data directory, so it never mixes simulated targets "
           "into this one. Quit this console and start it with:\n\n    tandem --demo\n\nIt "
           "starts two simulated targets on 127.0.0.1 and sends them orders: within a minute you "
           "see retries, a breaker trip and recover, and dead letters."),
        QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showError(const QString &title, const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_quitting || !m_engine.isRunning()) {
        event->accept();
        return;
    }
    QSettings settings;
    WindowLayout::save(*this, settings);
    // With a tray icon, closing the window only hides it: the engine keeps delivering and the
    // tray keeps watching. Quit stops it.
    if (m_tray && m_tray->isVisible() && !m_quitAsked) {
        event->ignore();
        hide();
        if (!UiSettings::trayHintShown()) {
            UiSettings::setTrayHintShown();
            m_tray->showMessage(tr("Tandem keeps running"),
                tr("The engine keeps delivering in the background. Click the tray icon to open "
                   "the window again; choose Quit in its menu to stop Tandem."));
        }
        return;
    }
    // The engine drains first; the composition root quits once it has stopped.
    event->ignore();
    m_quitting = true;
    m_events->recordStopping();
    setEngineState(tr("Stopping: finishing in-flight requests…"));
    Q_EMIT quitRequested();
}

} // namespace Tandem::Ui
