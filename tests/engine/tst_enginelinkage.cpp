// SPDX-License-Identifier: GPL-3.0-or-later
// Includes every public engine header and links tandem_engine alone: it builds only while no
// engine header pulls in Qt Widgets or Gui, and it checks at run time that linking the engine
// loads neither library. That is what lets `tandem serve` run on a server with no display.
#include <QCoreApplication>
#include <QFile>
#include <QTest>

#include "engine/core/clock.h"
#include "engine/core/delivery.h"
#include "engine/core/deliverypolicy.h"
#include "engine/core/error.h"
#include "engine/core/ids.h"
#include "engine/core/retryafter.h"
#include "engine/core/retrypolicy.h"
#include "engine/core/targetconfig.h"
#include "engine/dispatch/adaptiveconcurrency.h"
#include "engine/dispatch/circuitbreaker.h"
#include "engine/dispatch/engine.h"
#include "engine/dispatch/replyclassifier.h"
#include "engine/dispatch/retrybudget.h"
#include "engine/dispatch/targetworker.h"
#include "engine/dispatch/tokenbucket.h"
#include "engine/ingest/httpapi.h"
#include "engine/log/eventlog.h"
#include "engine/metrics/latencywindow.h"
#include "engine/metrics/metricssnapshot.h"
#include "engine/metrics/prometheustext.h"
#include "engine/metrics/targetmetrics.h"
#include "engine/store/migrations.h"
#include "engine/store/sqlitestore.h"
#include "engine/store/store.h"
#include "engine/store/storejson.h"
#include "engine/store/storethread.h"

#if defined(QT_WIDGETS_LIB) || defined(QT_GUI_LIB) || defined(QWIDGET_H)                           \
    || defined(QGUIAPPLICATION_H)
#error "an engine header pulls in Qt Gui or Widgets"
#endif

class tst_EngineLinkage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noGuiLibraryIsLoaded()
    {
        QFile maps(QStringLiteral("/proc/self/maps"));
        QVERIFY(maps.open(QIODevice::ReadOnly));
        const QByteArray loaded = maps.readAll();
        QVERIFY(loaded.contains("libQt6Core"));
        QVERIFY(loaded.contains("libQt6Network"));
        QVERIFY2(!loaded.contains("libQt6Gui"), "the engine loads Qt Gui");
        QVERIFY2(!loaded.contains("libQt6Widgets"), "the engine loads Qt Widgets");
    }

    void engineStartsWithoutADisplay()
    {
        QVERIFY(!QCoreApplication::instance()->inherits("QGuiApplication"));
        Tandem::Engine engine(
            Tandem::EngineOptions { QStringLiteral("/nonexistent-dir/tandem.db") });
        const auto started = engine.start();
        QVERIFY(!started);
        QVERIFY2(started.error().message.contains(QStringLiteral("/nonexistent-dir")),
            qPrintable(started.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_EngineLinkage)
#include "tst_enginelinkage.moc"
