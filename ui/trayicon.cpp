// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/trayicon.h"

#include <QAction>
#include <QEvent>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Tandem::Ui {

namespace {

constexpr int IconSizes[] = { 16, 22, 24, 32, 48, 64 };

// Tandem's own mark, when the application has no icon: two bars riding side by side on a
// slate tile, the two targets every message goes to.
QPixmap ownMark(int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF tile(size * 0.04, size * 0.04, size * 0.92, size * 0.92);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x33, 0x41, 0x55));
    p.drawRoundedRect(tile, size * 0.2, size * 0.2);
    p.setBrush(QColor(0xf1, 0xf5, 0xf9));
    const double barHeight = size * 0.14;
    for (double y : { 0.32, 0.56 })
        p.drawRoundedRect(
            QRectF(size * 0.2, size * y, size * 0.6, barHeight), barHeight / 2, barHeight / 2);
    return pixmap;
}

} // namespace

TrayIcon::TrayIcon(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_menu(std::make_unique<QMenu>())
    , m_tray(std::make_unique<QSystemTrayIcon>())
{
    m_showHide = addAction("trayShowHide", tr("&Hide window"), &TrayIcon::showHideRequested);
    m_menu->addSeparator();
    addAction("trayPauseAll", tr("&Pause all targets"), &TrayIcon::pauseAllRequested);
    addAction("trayResumeAll", tr("&Resume all targets"), &TrayIcon::resumeAllRequested);
    addAction("trayDeadLetters", tr("Open &dead letters"), &TrayIcon::deadLettersRequested);
    m_menu->addSeparator();
    addAction("traySettings", tr("&Settings…"), &TrayIcon::settingsRequested);
    addAction("trayQuit", tr("&Quit"), &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray.get(), &QSystemTrayIcon::activated, this,
        [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                Q_EMIT showHideRequested();
        });
    connect(m_tray.get(), &QSystemTrayIcon::messageClicked, this, [this] {
        // A click on a notification means "show me": bring the window up if it is hidden.
        if (!m_window->isVisible())
            Q_EMIT showHideRequested();
    });
    m_window->installEventFilter(this);
    updateIcon();
    updateShowHide();
}

TrayIcon::~TrayIcon() = default;

QAction *TrayIcon::addAction(
    const char *objectName, const QString &text, void (TrayIcon::*signal)())
{
    QAction *action = m_menu->addAction(text);
    action->setObjectName(QString::fromLatin1(objectName));
    connect(action, &QAction::triggered, this, signal);
    return action;
}

QColor TrayIcon::stateColour(HealthSummary::State state)
{
    switch (state) {
    case HealthSummary::State::BreakerOpen:
        return QColor(0xdc, 0x26, 0x26);
    case HealthSummary::State::DeadLetters:
        return QColor(0xf5, 0x9e, 0x0b);
    case HealthSummary::State::Healthy:
        break;
    }
    return QColor(0x16, 0xa3, 0x4a);
}

QIcon TrayIcon::stateIcon(HealthSummary::State state, const QIcon &base)
{
    QIcon icon;
    for (int size : IconSizes) {
        QPixmap pixmap = base.isNull() ? ownMark(size) : base.pixmap(size, size);
        if (pixmap.size() != QSize(size, size))
            pixmap = pixmap.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        // The dot with a light ring, so that it stands out on a dark panel and on the icon.
        const double dot = size * 0.5;
        const QRectF rect(size - dot, size - dot, dot, dot);
        p.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
        p.setBrush(stateColour(state));
        p.drawEllipse(rect.adjusted(0.5, 0.5, -0.5, -0.5));
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

void TrayIcon::setSummary(const HealthSummary &summary)
{
    if (summary.state() != m_state) {
        m_state = summary.state();
        updateIcon();
    }
    m_tray->setToolTip(summary.toolTip());
}

void TrayIcon::updateIcon()
{
    // The window's icon falls back to the application's; null when neither has one.
    m_tray->setIcon(stateIcon(m_state, m_window->windowIcon()));
}

void TrayIcon::updateShowHide()
{
    m_showHide->setText(m_window->isVisible() ? tr("&Hide window") : tr("&Show window"));
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window) {
        if (event->type() == QEvent::WindowIconChange)
            updateIcon();
        else if (event->type() == QEvent::Show || event->type() == QEvent::Hide)
            updateShowHide();
    }
    return QObject::eventFilter(watched, event);
}

void TrayIcon::show() { m_tray->show(); }

bool TrayIcon::isVisible() const { return m_tray->isVisible(); }

QString TrayIcon::toolTip() const { return m_tray->toolTip(); }

void TrayIcon::showNotification(const DesktopNotification &notification)
{
    showMessage(notification.title, notification.text);
}

void TrayIcon::showMessage(const QString &title, const QString &text)
{
    m_tray->showMessage(title, text, m_tray->icon());
}

} // namespace Tandem::Ui
