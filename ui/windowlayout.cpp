// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/windowlayout.h"

#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>

namespace Tandem::Ui::WindowLayout {

namespace {

const QString Group = QStringLiteral("layout");

template <typename W> QList<W *> namedChildren(const QMainWindow &window)
{
    QList<W *> named;
    for (W *w : window.findChildren<W *>()) {
        if (!w->objectName().isEmpty())
            named.append(w);
    }
    return named;
}

} // namespace

void save(const QMainWindow &window, QSettings &settings)
{
    settings.beginGroup(Group);
    settings.setValue(QStringLiteral("geometry"), window.saveGeometry());
    settings.setValue(QStringLiteral("state"), window.saveState());
    for (const QTabWidget *tabs : namedChildren<QTabWidget>(window))
        settings.setValue(QStringLiteral("tabs/") + tabs->objectName(), tabs->currentIndex());
    for (const QSplitter *splitter : namedChildren<QSplitter>(window)) {
        QVariantList sizes; // plain integers, so the settings file stays readable
        for (int size : splitter->sizes())
            sizes.append(size);
        settings.setValue(QStringLiteral("splitters/") + splitter->objectName(), sizes);
    }
    settings.endGroup();
}

void restore(QMainWindow &window, QSettings &settings)
{
    settings.beginGroup(Group);
    if (const QByteArray geometry = settings.value(QStringLiteral("geometry")).toByteArray();
        !geometry.isEmpty())
        window.restoreGeometry(geometry);
    if (const QByteArray state = settings.value(QStringLiteral("state")).toByteArray();
        !state.isEmpty())
        window.restoreState(state);
    for (QTabWidget *tabs : namedChildren<QTabWidget>(window)) {
        bool ok = false;
        const int index = settings.value(QStringLiteral("tabs/") + tabs->objectName()).toInt(&ok);
        if (ok && index >= 0 && index < tabs->count())
            tabs->setCurrentIndex(index);
    }
    for (QSplitter *splitter : namedChildren<QSplitter>(window)) {
        const QVariantList saved
            = settings.value(QStringLiteral("splitters/") + splitter->objectName()).toList();
        if (saved.size() != splitter->count())
            continue;
        QList<int> sizes;
        for (const QVariant &v : saved)
            sizes.append(v.toInt());
        splitter->setSizes(sizes);
    }
    settings.endGroup();
}

} // namespace Tandem::Ui::WindowLayout
