// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

#include <QIcon>
#include <QObject>

#include "ui/healthsummary.h"
#include "ui/notificationpolicy.h"

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace Tandem::Ui {

/// The console's icon in the system tray: the application icon with a coloured dot for the
/// state (green: all healthy, red: a breaker open, amber: dead letters waiting) and the
/// HealthSummary as its tool tip; a click shows or hides the window; its menu has the quick
/// actions (Show/Hide window, Pause all, Resume all, Open dead letters, Settings…, Quit),
/// which it only announces by signals. Desktop notifications go through it.
///
/// It watches `window` for its icon (the base of the tray's) and whether it is shown (the
/// menu says "Show window" or "Hide window").
///
/// A thin shell: what to show is decided by HealthSummary and NotificationPolicy. Where no
/// system tray exists (QSystemTrayIcon::isSystemTrayAvailable() false: offscreen, Xvfb, some
/// desktops) the main window does not create one.
///
/// Thread: UI thread.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    /// `window` (not owned) must outlive the icon.
    explicit TrayIcon(QWidget *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    /// The icon of a state: `base` (the application's icon; Tandem's own mark when null) with
    /// the state's dot in its lower right corner, in the sizes trays ask for.
    static QIcon stateIcon(HealthSummary::State state, const QIcon &base);
    /// The dot's colour for a state.
    static QColor stateColour(HealthSummary::State state);

    void setSummary(const HealthSummary &summary);
    void show();
    bool isVisible() const;
    /// Shows a notification balloon (the desktop's notification service where there is one).
    void showNotification(const DesktopNotification &notification);
    void showMessage(const QString &title, const QString &text);

    QSystemTrayIcon *systemTrayIcon() const { return m_tray.get(); }
    QMenu *menu() const { return m_menu.get(); }
    QString toolTip() const;
    HealthSummary::State state() const { return m_state; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void showHideRequested();
    void pauseAllRequested();
    void resumeAllRequested();
    void deadLettersRequested();
    void settingsRequested();
    void quitRequested();

private:
    QAction *addAction(const char *objectName, const QString &text, void (TrayIcon::*signal)());
    void updateIcon();
    void updateShowHide();

    QWidget *m_window;
    std::unique_ptr<QMenu> m_menu; ///< no parent widget: a tray menu has none
    std::unique_ptr<QSystemTrayIcon> m_tray;
    QAction *m_showHide = nullptr;
    HealthSummary::State m_state = HealthSummary::State::Healthy;
};

} // namespace Tandem::Ui
