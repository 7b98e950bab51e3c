// SPDX-License-Identifier: GPL-3.0-or-later
// The console's own colours on the Dark theme, offscreen: the diff highlighter, the message
// finder's delivery panel and its timeline, the edit-payload dialog's validation line and the
// retry schedule preview pick text colours that read on the dark palette (WCAG contrast 4.5,
// Appearance's threshold for text), pick them again when the theme is switched while they show
// (Settings applies it live, through Appearance::apply), and give the light colours back on System.
// With TANDEM_SCREENSHOT_DIR set, it also saves PNGs of each on the dark palette.
#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

#include "engine/core/payloadmapping.h"
#include "tests/support/uitest.h"
#include "ui/appearance.h"
#include "ui/dialogs/editpayloaddialog.h"
#include "ui/models/deliverytimeline.h"
#include "ui/models/deliverytimelinemodel.h"
#include "ui/models/retryschedulemodel.h"
#include "ui/widgets/deliverypanel.h"
#include "ui/widgets/diffhighlighter.h"
#include "ui/widgets/retryschedulepreview.h"

using namespace Tandem;
using namespace Tandem::Testing;
using namespace Tandem::Ui;

namespace {

constexpr double TextContrast = 4.5;

const QString Diff = QStringLiteral("@@ -1,3 +1,3 @@\n"
                                    " {\n"
                                    "-  \"sku\": \"A-1\"\n"
                                    "+  \"sku\": \"A-2\"\n"
                                    " }\n");

/// The format the highlighter gave line `line` of `view` (none for a context line).
std::optional<QTextCharFormat> lineFormat(const QPlainTextEdit &view, int line)
{
    const QList<QTextLayout::FormatRange> ranges
        = view.document()->findBlockByNumber(line).layout()->formats();
    if (ranges.isEmpty())
        return std::nullopt;
    return ranges.first().format;
}

/// What a translucent `tint` over `base` looks like.
QColor over(const QColor &tint, const QColor &base)
{
    const double a = tint.alphaF();
    const auto mix = [a](double t, double b) { return float(t * a + b * (1 - a)); };
    return QColor::fromRgbF(mix(tint.redF(), base.redF()), mix(tint.greenF(), base.greenF()),
        mix(tint.blueF(), base.blueF()));
}

/// The weakest contrast of `text` on the dark palette's base and window.
double darkContrast(const QColor &text)
{
    const QPalette dark = Appearance::darkPalette();
    return std::min(Appearance::contrast(text, dark.color(QPalette::Base)),
        Appearance::contrast(text, dark.color(QPalette::Window)));
}

AttemptView attempt(int no, qint64 startedAtMs, int status)
{
    AttemptView a;
    a.attemptNo = no;
    a.startedAtMs = startedAtMs;
    a.latencyUs = 80'000;
    a.status = status;
    a.errorClass = status >= 500 ? QStringLiteral("http_5xx") : QStringLiteral("none");
    return a;
}

} // namespace

class tst_DarkTheme : public QObject
{
    Q_OBJECT

private:
    IsolatedSettings m_settings;
    QPalette m_startPalette;

private Q_SLOTS:
    void initTestCase()
    {
        m_startPalette = QApplication::palette();
        QVERIFY(!Appearance::isDark(m_startPalette)); // the light colours are the start's
    }

    void cleanup()
    {
        Appearance::apply(Theme::System);
        QCOMPARE(QApplication::palette(), m_startPalette);
    }

    void diffHighlighter()
    {
        QPlainTextEdit view;
        view.setReadOnly(true);
        new DiffHighlighter(&view);
        view.setPlainText(Diff);
        view.resize(420, 160);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int lines[] = { 0, 2, 3 }; // the hunk header, the removed and the added line
        QList<QColor> light;
        for (int line : lines) {
            const auto f = lineFormat(view, line);
            QVERIFY2(f, qPrintable(QString::number(line)));
            light.append(f->foreground().color());
        }
        QVERIFY(!lineFormat(view, 1)); // context stays in the palette's text colour

        // Switched while it shows, as the Settings dialog does.
        Appearance::apply(Theme::Dark);
        QTRY_VERIFY(lineFormat(view, 0)->foreground().color() != light.at(0));
        const QColor base = Appearance::darkPalette().color(QPalette::Base);
        QCOMPARE(view.palette().color(QPalette::Base), base);
        for (int line : lines) {
            const QTextCharFormat f = *lineFormat(view, line);
            const QColor text = f.foreground().color();
            const QColor background
                = f.background().style() == Qt::NoBrush ? base : over(f.background().color(), base);
            QVERIFY2(Appearance::contrast(text, background) >= TextContrast,
                qPrintable(QStringLiteral("line %1: %2 on %3: %4")
                               .arg(line)
                               .arg(text.name(), background.name())
                               .arg(Appearance::contrast(text, background))));
            QVERIFY(Appearance::contrast(text, base) >= TextContrast);
        }
        // Still red and green, only lighter.
        QVERIFY(lineFormat(view, 2)->foreground().color().red()
            > lineFormat(view, 2)->foreground().color().green());
        QVERIFY(lineFormat(view, 3)->foreground().color().green()
            > lineFormat(view, 3)->foreground().color().red());
        saveScreenshot(view, QStringLiteral("dark-diff.png"));

        // System again: the light colours come back.
        Appearance::apply(Theme::System);
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE(lineFormat(view, lines[i])->foreground().color(), light.at(i));
    }

    void deliveryPanel_data()
    {
        QTest::addColumn<int>("state");
        QTest::addRow("delivered") << int(DeliveryState::Delivered);
        QTest::addRow("waiting") << int(DeliveryState::RetryWait);
        QTest::addRow("dead") << int(DeliveryState::Dead);
    }

    void deliveryPanel()
    {
        QFETCH(int, state);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        DeliveryView d;
        d.deliveryId = 7;
        d.target = QStringLiteral("billing");
        d.state = DeliveryState(state);
        d.history = { attempt(1, now - 3000, 503),
            attempt(2, now - 1000, d.state == DeliveryState::Delivered ? 200 : 503) };
        d.attempts = 2;
        d.lastStatus = d.history.last().status;
        if (d.state == DeliveryState::RetryWait) {
            d.lastError = QStringLiteral("HTTP 503");
            d.lastDelayMs = 4000;
            d.dueAtMs = now + 3000;
        } else if (d.state == DeliveryState::Dead) {
            d.deadReason = QStringLiteral("max attempts reached");
        }
        RetryPolicy policy;
        policy.baseDelayMs = 2000;

        DeliveryPanel panel;
        panel.resize(640, 260);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const DeliveryTimeline timeline(d, policy);
        panel.setTimeline(timeline, now);
        auto *summary = panel.findChild<QLabel *>(QStringLiteral("deliverySummary"));
        QVERIFY(summary);
        const QColor light = summary->palette().color(QPalette::WindowText);

        Appearance::apply(Theme::Dark);
        QTRY_COMPARE(panel.palette().color(QPalette::Window),
            Appearance::darkPalette().color(QPalette::Window));
        const QColor dark = summary->palette().color(QPalette::WindowText);
        QVERIFY2(darkContrast(dark) >= TextContrast,
            qPrintable(QStringLiteral("%1: %2").arg(dark.name()).arg(darkContrast(dark))));
        QVERIFY(dark != light);
        // The timeline's next attempt, in blue: readable on the view's base.
        DeliveryTimelineModel *model = panel.model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, DeliveryTimelineModel::StatusColumn);
            const QVariant colour = index.data(Qt::ForegroundRole);
            if (colour.isValid())
                QVERIFY2(Appearance::contrast(colour.value<QColor>(),
                             Appearance::darkPalette().color(QPalette::Base))
                        >= TextContrast,
                    qPrintable(colour.value<QColor>().name()));
        }
        QCOMPARE(timeline.nextAttempt().has_value(), d.state == DeliveryState::RetryWait);
        if (timeline.nextAttempt())
            QVERIFY(model->index(model->rowCount() - 1, 0)
                        .data(Qt::ForegroundRole)
                        .value<QColor>()
                        .isValid());
        saveScreenshot(panel,
            QStringLiteral("dark-delivery-%1.png").arg(QLatin1String(QTest::currentDataTag())));

        // A new timeline on the dark palette is coloured for it at once.
        panel.setTimeline(timeline, now);
        QCOMPARE(summary->palette().color(QPalette::WindowText), dark);

        Appearance::apply(Theme::System);
        QTRY_COMPARE(summary->palette().color(QPalette::WindowText), light);
    }

    void editPayloadDialog()
    {
        PayloadVersion current;
        current.payload = "{\"sku\": \"A-1\"}";
        EditPayloadDialog dialog(
            QStringLiteral("m-1"), QStringLiteral("orders"), current, PayloadMapping {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *editor = dialog.findChild<QPlainTextEdit *>(QStringLiteral("payloadEditor"));
        auto *validation = dialog.findChild<QLabel *>(QStringLiteral("payloadValidation"));
        auto *diff = dialog.findChild<QPlainTextEdit *>(QStringLiteral("payloadDiff"));
        QVERIFY(editor && validation && diff);
        editor->setPlainText(QStringLiteral("{\"sku\": \"A-2\"}"));
        QCOMPARE(dialog.validationText(), QStringLiteral("Valid JSON"));
        const QColor lightFine = validation->palette().color(QPalette::WindowText);

        Appearance::apply(Theme::Dark);
        QTRY_VERIFY(validation->palette().color(QPalette::WindowText) != lightFine);
        QVERIFY(darkContrast(validation->palette().color(QPalette::WindowText)) >= TextContrast);
        // The live diff, drawn on the view's base: its lines read there.
        const QColor base = Appearance::darkPalette().color(QPalette::Base);
        int coloured = 0;
        for (int line = 0; line < diff->document()->blockCount(); ++line) {
            if (const auto f = lineFormat(*diff, line)) {
                ++coloured;
                QVERIFY2(Appearance::contrast(f->foreground().color(), base) >= TextContrast,
                    qPrintable(diff->document()->findBlockByNumber(line).text()));
            }
        }
        QVERIFY(coloured >= 3); // the hunk header, the removed and the added line
        saveScreenshot(dialog, QStringLiteral("dark-edit-payload.png"));

        // Not JSON, on the dark palette: the problem in a red that reads there.
        editor->setPlainText(QStringLiteral("{\"sku\": "));
        QVERIFY(dialog.validationText().startsWith(u"Not valid JSON"));
        const QColor problem = validation->palette().color(QPalette::WindowText);
        QVERIFY(problem.red() > problem.green());
        QVERIFY(darkContrast(problem) >= TextContrast);
        saveScreenshot(dialog, QStringLiteral("dark-edit-payload-invalid.png"));

        Appearance::apply(Theme::System);
        QTRY_VERIFY(validation->palette().color(QPalette::WindowText) != problem);
        QVERIFY(!Appearance::isDark(validation->palette()));
    }

    void retrySchedulePreview()
    {
        RetrySchedulePreview preview;
        RetryPolicy policy;
        policy.maxAttempts = 12;
        policy.baseDelayMs = 1000;
        policy.multiplier = 2.0;
        policy.maxAgeS = 60; // the last attempts do not fit: a "gives up" row
        preview.setPolicy(policy);
        preview.resize(520, 320);
        preview.show();
        QVERIFY(QTest::qWaitForWindowExposed(&preview));
        RetryScheduleModel *model = preview.model();
        const auto colours = [model] {
            QList<QColor> all;
            for (int row = 0; row < model->rowCount(); ++row) {
                const QVariant c = model->index(row, 0).data(Qt::ForegroundRole);
                if (c.isValid())
                    all.append(c.value<QColor>());
            }
            return all;
        };
        const QList<QColor> light = colours();
        QVERIFY(!light.isEmpty());

        Appearance::apply(Theme::Dark);
        QTRY_COMPARE(preview.palette().color(QPalette::Base),
            Appearance::darkPalette().color(QPalette::Base));
        const QList<QColor> dark = colours();
        QCOMPARE(dark.size(), light.size());
        for (const QColor &c : dark)
            QVERIFY2(Appearance::contrast(c, Appearance::darkPalette().color(QPalette::Base))
                    >= TextContrast,
                qPrintable(c.name()));
        QVERIFY(dark != light);
        saveScreenshot(preview, QStringLiteral("dark-retry-schedule.png"));

        Appearance::apply(Theme::System);
        QCOMPARE(colours(), light);
    }
};

QTEST_MAIN(tst_DarkTheme)
#include "tst_darktheme.moc"
