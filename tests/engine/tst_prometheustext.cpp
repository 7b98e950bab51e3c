// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <cmath>
#include <optional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include "engine/metrics/metricssnapshot.h"
#include "engine/metrics/prometheustext.h"

using namespace Tandem;

namespace {

using Labels = QMap<QString, QString>;

// One series: the sample name and its labels, unescaped, in a canonical form.
QString seriesKey(const QString &name, const Labels &labels)
{
    QStringList parts;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return name + u'{' + parts.join(QChar(0x1f)) + u'}';
}

/// What a strict reading of the text exposition format 0.0.4 found: the families' types and
/// every sample, or the first error with its line number.
struct Exposition
{
    QMap<QString, QString> types; ///< family → counter, gauge, summary, …
    QSet<QString> helped; ///< families with a # HELP line
    QMap<QString, double> samples; ///< seriesKey → value
    QString error;
};

const QRegularExpression &metricName()
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    return re;
}

const QRegularExpression &labelName()
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]*$"));
    return re;
}

std::optional<double> parseValue(const QString &s)
{
    if (s == u"+Inf")
        return HUGE_VAL;
    if (s == u"-Inf")
        return -HUGE_VAL;
    if (s == u"NaN")
        return std::nan("");
    static const QRegularExpression number(
        QStringLiteral("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    if (!number.match(s).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double v = s.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

// Unescapes a # HELP text: only \\ and \n are escapes there.
bool validHelp(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'\\') {
            if (i + 1 >= text.size() || (text[i + 1] != u'\\' && text[i + 1] != u'n'))
                return false;
            ++i;
        }
    }
    return true;
}

Exposition parseExposition(const QByteArray &bytes)
{
    Exposition e;
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        e.error = QStringLiteral("not UTF-8");
        return e;
    }
    if (text.isEmpty())
        return e;
    if (!text.endsWith(u'\n')) {
        e.error = QStringLiteral("the last line has no line feed");
        return e;
    }
    QStringList lines = text.split(u'\n');
    lines.removeLast();

    QString currentFamily;
    QSet<QString> finishedFamilies; ///< families whose group of lines has ended
    QSet<QString> familiesWithSamples;
    auto enterFamily = [&](const QString &family) -> bool {
        if (family == currentFamily)
            return true;
        if (finishedFamilies.contains(family))
            return false;
        if (!currentFamily.isEmpty())
            finishedFamilies.insert(currentFamily);
        currentFamily = family;
        return true;
    };

    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString &line = lines[n];
        auto fail = [&](const QString &why) {
            e.error = QStringLiteral("line %1: %2: %3").arg(n + 1).arg(why, line);
            return e;
        };
        if (line.isEmpty())
            return fail(QStringLiteral("empty line"));

        if (line.startsWith(u'#')) {
            static const QRegularExpression comment(QStringLiteral("^# (HELP|TYPE) ([^ ]+) (.*)$"));
            const QRegularExpressionMatch m = comment.match(line);
            if (!m.hasMatch())
                return fail(QStringLiteral("a comment other than # HELP or # TYPE"));
            const QString name = m.captured(2);
            if (!metricName().match(name).hasMatch())
                return fail(QStringLiteral("bad metric name"));
            if (!enterFamily(name))
                return fail(QStringLiteral("the family's lines are not together"));
            if (m.captured(1) == u"HELP") {
                if (e.helped.contains(name))
                    return fail(QStringLiteral("second # HELP"));
                if (!validHelp(m.captured(3)))
                    return fail(QStringLiteral("bad escape in # HELP"));
                e.helped.insert(name);
                continue;
            }
            static const QStringList types { QStringLiteral("counter"), QStringLiteral("gauge"),
                QStringLiteral("summary"), QStringLiteral("histogram"), QStringLiteral("untyped") };
            if (!types.contains(m.captured(3)))
                return fail(QStringLiteral("unknown type"));
            if (e.types.contains(name))
                return fail(QStringLiteral("second # TYPE"));
            if (familiesWithSamples.contains(name))
                return fail(QStringLiteral("# TYPE after the family's samples"));
            if (m.captured(3) == u"counter" && !name.endsWith(QStringLiteral("_total")))
                return fail(QStringLiteral("counter name without _total"));
            e.types.insert(name, m.captured(3));
            continue;
        }

        // name{label="value",…} value
        qsizetype i = 0;
        while (i < line.size() && line[i] != u'{' && line[i] != u' ')
            ++i;
        const QString name = line.left(i);
        if (!metricName().match(name).hasMatch())
            return fail(QStringLiteral("bad metric name"));
        Labels labels;
        if (i < line.size() && line[i] == u'{') {
            ++i;
            while (true) {
                const qsizetype eq = line.indexOf(u'=', i);
                if (eq < 0)
                    return fail(QStringLiteral("label without ="));
                const QString label = line.mid(i, eq - i);
                if (!labelName().match(label).hasMatch() || label.startsWith(QStringLiteral("__")))
                    return fail(QStringLiteral("bad label name"));
                if (labels.contains(label))
                    return fail(QStringLiteral("label twice"));
                i = eq + 1;
                if (i >= line.size() || line[i] != u'"')
                    return fail(QStringLiteral("label value not quoted"));
                ++i;
                QString value;
                bool closed = false;
                while (i < line.size()) {
                    const QChar c = line[i++];
                    if (c == u'"') {
                        closed = true;
                        break;
                    }
                    if (c != u'\\') {
                        value += c;
                        continue;
                    }
                    if (i >= line.size())
                        break;
                    const QChar escaped = line[i++];
                    if (escaped == u'\\')
                        value += u'\\';
                    else if (escaped == u'"')
                        value += u'"';
                    else if (escaped == u'n')
                        value += u'\n';
                    else
                        return fail(QStringLiteral("bad escape in a label value"));
                }
                if (!closed)
                    return fail(QStringLiteral("unterminated label value"));
                labels.insert(label, value);
                if (i < line.size() && line[i] == u',') {
                    ++i;
                    continue;
                }
                if (i < line.size() && line[i] == u'}') {
                    ++i;
                    break;
                }
                return fail(QStringLiteral("expected , or } after a label"));
            }
        }
        if (i >= line.size() || line[i] != u' ')
            return fail(QStringLiteral("no single space before the value"));
        const QString valueText = line.mid(i + 1);
        if (valueText.contains(u' '))
            return fail(QStringLiteral("a timestamp or trailing text"));
        const std::optional<double> value = parseValue(valueText);
        if (!value)
            return fail(QStringLiteral("bad value"));

        // The family a sample belongs to, which must have been typed before it.
        QString family = name;
        if (!e.types.contains(name)) {
            for (const QString &suffix :
                { QStringLiteral("_sum"), QStringLiteral("_count"), QStringLiteral("_bucket") }) {
                if (!name.endsWith(suffix))
                    continue;
                const QString base = name.chopped(suffix.size());
                if (e.types.contains(base)
                    && (e.types[base] == u"histogram"
                        || (e.types[base] == u"summary" && suffix != u"_bucket"))) {
                    family = base;
                }
            }
        }
        if (!e.types.contains(family))
            return fail(QStringLiteral("sample without a # TYPE before it"));
        if (!enterFamily(family))
            return fail(QStringLiteral("the family's lines are not together"));
        familiesWithSamples.insert(family);
        const QString &type = e.types[family];
        if (type == u"summary" && (name == family) != labels.contains(QStringLiteral("quantile")))
            return fail(QStringLiteral("quantile label on the wrong summary line"));
        if (type != u"summary" && labels.contains(QStringLiteral("quantile")))
            return fail(QStringLiteral("quantile label outside a summary"));
        if (type == u"counter" && !(*value >= 0))
            return fail(QStringLiteral("negative counter"));

        const QString key = seriesKey(name, labels);
        if (e.samples.contains(key))
            return fail(QStringLiteral("series twice"));
        e.samples.insert(key, *value);
    }
    return e;
}

const QStringList Windows { QStringLiteral("1m"), QStringLiteral("5m"), QStringLiteral("15m") };

// The series and values a list of snapshots must come out as, written from the specification.
QMap<QString, double> expectedSamples(const QList<MetricsSnapshot> &targets)
{
    QMap<QString, double> x;
    for (const MetricsSnapshot &s : targets) {
        const Labels t { { QStringLiteral("target"), s.target } };
        auto with = [&](const QString &label, const QString &value) {
            Labels l = t;
            l.insert(label, value);
            return l;
        };
        x.insert(seriesKey(QStringLiteral("tandem_attempts_total"), t), double(s.attempts));
        x.insert(seriesKey(QStringLiteral("tandem_successes_total"), t), double(s.successes));
        const QStringList classes { QStringLiteral("timeout"), QStringLiteral("connection"),
            QStringLiteral("tls"), QStringLiteral("http_4xx"), QStringLiteral("http_429"),
            QStringLiteral("http_5xx"), QStringLiteral("redirect"), QStringLiteral("protocol") };
        for (qsizetype i = 0; i < classes.size(); ++i) {
            x.insert(seriesKey(QStringLiteral("tandem_failures_total"),
                         with(QStringLiteral("class"), classes[i])),
                double(s.failures[std::size_t(i)]));
        }
        x.insert(seriesKey(QStringLiteral("tandem_retries_total"), t), double(s.retries));
        x.insert(seriesKey(QStringLiteral("tandem_dead_letters_total"), t), double(s.deadLetters));
        x.insert(seriesKey(QStringLiteral("tandem_in_flight"), t), s.inFlight);
        x.insert(seriesKey(QStringLiteral("tandem_pending"), t), double(s.pending));
        x.insert(seriesKey(QStringLiteral("tandem_oldest_pending_age_seconds"), t),
            s.oldestPendingAgeMs.value_or(0) / 1000.0);
        for (const QString &state :
            { QStringLiteral("closed"), QStringLiteral("open"), QStringLiteral("half_open") }) {
            x.insert(seriesKey(QStringLiteral("tandem_breaker_state"),
                         with(QStringLiteral("state"), state)),
                s.breakerState == state ? 1.0 : 0.0);
        }
        x.insert(seriesKey(QStringLiteral("tandem_concurrency_limit"), t), s.concurrencyLimit);
        for (qsizetype w = 0; w < Windows.size(); ++w) {
            const LatencyWindow::Quantiles &q = s.latency[std::size_t(w)];
            const Labels l = with(QStringLiteral("window"), Windows[w]);
            x.insert(seriesKey(QStringLiteral("tandem_attempt_latency_seconds_count"), l),
                double(q.count));
            x.insert(
                seriesKey(QStringLiteral("tandem_attempt_latency_seconds_sum"), l), q.sumUs / 1e6);
            if (q.count == 0)
                continue;
            const std::pair<const char *, qint64> quantiles[]
                = { { "0.5", q.p50Us }, { "0.95", q.p95Us }, { "0.99", q.p99Us } };
            for (const auto &[quantile, us] : quantiles) {
                Labels ql = l;
                ql.insert(QStringLiteral("quantile"), QLatin1String(quantile));
                x.insert(seriesKey(QStringLiteral("tandem_attempt_latency_seconds"), ql), us / 1e6);
            }
        }
    }
    return x;
}

const QMap<QString, QString> ExpectedTypes {
    { QStringLiteral("tandem_attempts_total"), QStringLiteral("counter") },
    { QStringLiteral("tandem_successes_total"), QStringLiteral("counter") },
    { QStringLiteral("tandem_failures_total"), QStringLiteral("counter") },
    { QStringLiteral("tandem_retries_total"), QStringLiteral("counter") },
    { QStringLiteral("tandem_dead_letters_total"), QStringLiteral("counter") },
    { QStringLiteral("tandem_in_flight"), QStringLiteral("gauge") },
    { QStringLiteral("tandem_pending"), QStringLiteral("gauge") },
    { QStringLiteral("tandem_oldest_pending_age_seconds"), QStringLiteral("gauge") },
    { QStringLiteral("tandem_breaker_state"), QStringLiteral("gauge") },
    { QStringLiteral("tandem_concurrency_limit"), QStringLiteral("gauge") },
    { QStringLiteral("tandem_attempt_latency_seconds"), QStringLiteral("summary") },
};

bool sameValue(double a, double b)
{
    return a == b || std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

// Every expected series with its value, and nothing else.
QString compareSamples(const QMap<QString, double> &got, const QMap<QString, double> &expected)
{
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!got.contains(it.key()))
            return QStringLiteral("missing %1").arg(it.key());
        if (!sameValue(got[it.key()], it.value()))
            return QStringLiteral("%1 is %2, expected %3")
                .arg(it.key())
                .arg(got[it.key()])
                .arg(it.value());
    }
    for (auto it = got.cbegin(); it != got.cend(); ++it) {
        if (!expected.contains(it.key()))
            return QStringLiteral("unexpected %1").arg(it.key());
    }
    return {};
}

MetricsSnapshot busy(const QString &target, qint64 scale)
{
    MetricsSnapshot s;
    s.target = target;
    s.takenAtMs = 1700000000000;
    s.successes = 1000 * scale;
    for (std::size_t i = 0; i < s.failures.size(); ++i)
        s.failures[i] = qint64(i + 1) * scale;
    s.attempts = s.successes + s.failureTotal();
    s.retries = 30 * scale;
    s.deadLetters = 4 * scale;
    s.attemptsPerSecond = 12.5;
    s.inFlight = 7;
    s.pending = 1234 * scale;
    s.oldestPendingAgeMs = 61250;
    s.breakerState = QStringLiteral("open");
    s.concurrencyLimit = 64;
    s.latency[0] = { 10, 1500, 9000, 12000, 12345, 40000 };
    s.latency[1] = { 100, 1400, 8000, 250000, 600000000, 1900000 };
    s.latency[2] = { 300, 1, 2, 3, 4, 600 };
    return s;
}

MetricsSnapshot idle(const QString &target)
{
    MetricsSnapshot s;
    s.target = target;
    return s;
}

} // namespace

class tst_PrometheusText : public QObject
{
    Q_OBJECT

private slots:
    void parserRejects_data();
    void parserRejects();
    void parserAccepts();
    void exposition_data();
    void exposition();
    void familiesAppearOnceInOrder();
    void prometheusClientReadsIt_data();
    void prometheusClientReadsIt();
};

void tst_PrometheusText::parserRejects_data()
{
    QTest::addColumn<QByteArray>("text");

    // The strict parser must fail on each of these, or a pass of exposition() would mean nothing.
    const QByteArray head = "# HELP x_total X.\n# TYPE x_total counter\n";
    QTest::addRow("no final line feed") << QByteArray(head + "x_total 1");
    QTest::addRow("empty line") << QByteArray(head + "\nx_total 1\n");
    QTest::addRow("sample before its TYPE") << QByteArray("x_total 1\n# TYPE x_total counter\n");
    QTest::addRow("sample without TYPE") << QByteArray("y 1\n");
    QTest::addRow("TYPE twice") << QByteArray(head + "# TYPE x_total counter\nx_total 1\n");
    QTest::addRow("HELP twice") << QByteArray(head + "# HELP x_total Again.\nx_total 1\n");
    QTest::addRow("other comment") << QByteArray("# hello\n");
    QTest::addRow("unknown type") << QByteArray("# TYPE x_total countr\n");
    QTest::addRow("counter without _total") << QByteArray("# TYPE x counter\nx 1\n");
    QTest::addRow("bad metric name") << QByteArray("# TYPE 1x gauge\n1x 1\n");
    QTest::addRow("bad character in name") << QByteArray("# TYPE x-y gauge\nx-y 1\n");
    QTest::addRow("bad label name") << QByteArray(head + "x_total{1a=\"v\"} 1\n");
    QTest::addRow("reserved label name") << QByteArray(head + "x_total{__a=\"v\"} 1\n");
    QTest::addRow("unquoted label value") << QByteArray(head + "x_total{a=v} 1\n");
    QTest::addRow("unescaped quote") << QByteArray(head + "x_total{a=\"v\"w\"} 1\n");
    QTest::addRow("bad escape") << QByteArray(head + "x_total{a=\"v\\t\"} 1\n");
    QTest::addRow("unterminated label value") << QByteArray(head + "x_total{a=\"v} 1\n");
    QTest::addRow("trailing comma") << QByteArray(head + "x_total{a=\"v\",} 1\n");
    QTest::addRow("label twice") << QByteArray(head + "x_total{a=\"v\",a=\"w\"} 1\n");
    QTest::addRow("raw line feed in label value") << QByteArray(head + "x_total{a=\"v\nw\"} 1\n");
    QTest::addRow("no value") << QByteArray(head + "x_total\n");
    QTest::addRow("two spaces") << QByteArray(head + "x_total  1\n");
    QTest::addRow("bad value") << QByteArray(head + "x_total 1,5\n");
    QTest::addRow("Nan spelled wrong") << QByteArray("# TYPE g gauge\ng Nan\n");
    QTest::addRow("timestamp") << QByteArray(head + "x_total 1 1700000000000\n");
    QTest::addRow("series twice") << QByteArray(head + "x_total{a=\"v\"} 1\nx_total{a=\"v\"} 2\n");
    QTest::addRow("family split") << QByteArray(
        head + "x_total 1\n# TYPE g gauge\ng 1\nx_total{a=\"b\"} 1\n");
    QTest::addRow("TYPE after samples of another family, then more")
        << QByteArray("# TYPE g gauge\ng 1\n# TYPE h gauge\nh 1\n# HELP g Late.\n");
    QTest::addRow("negative counter") << QByteArray(head + "x_total -1\n");
    QTest::addRow("summary quantile on _count")
        << QByteArray("# TYPE s summary\ns_count{quantile=\"0.5\"} 1\n");
    QTest::addRow("summary line without quantile") << QByteArray("# TYPE s summary\ns 1\n");
    QTest::addRow("quantile on a gauge") << QByteArray("# TYPE g gauge\ng{quantile=\"0.5\"} 1\n");
    QTest::addRow("_count of a gauge") << QByteArray("# TYPE g gauge\ng_count 1\n");
    QTest::addRow("bad escape in HELP") << QByteArray("# HELP g A \\\" quote.\n");
}

void tst_PrometheusText::parserRejects()
{
    QFETCH(QByteArray, text);

    const Exposition e = parseExposition(text);
    QVERIFY2(!e.error.isEmpty(), text.constData());
}

void tst_PrometheusText::parserAccepts()
{
    const QByteArray text = "# HELP x_total A \\\\ and a \\n.\n"
                            "# TYPE x_total counter\n"
                            "x_total{a=\"q\\\"b\\\\s\\nn\",b=\"\"} 1.5e3\n"
                            "x_total 0\n"
                            "# TYPE s summary\n"
                            "s{quantile=\"0.5\"} +Inf\n"
                            "s_sum NaN\n"
                            "s_count 2\n";
    const Exposition e = parseExposition(text);
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
    QCOMPARE(e.samples.size(), 5);
    QCOMPARE(e.samples.value(seriesKey(QStringLiteral("x_total"),
                 { { QStringLiteral("a"), QStringLiteral("q\"b\\s\nn") },
                     { QStringLiteral("b"), QString() } })),
        1500.0);
    QVERIFY(std::isinf(e.samples.value(seriesKey(
        QStringLiteral("s"), { { QStringLiteral("quantile"), QStringLiteral("0.5") } }))));
    QCOMPARE(e.types.value(QStringLiteral("s")), QStringLiteral("summary"));
    QCOMPARE(e.helped, QSet<QString> { QStringLiteral("x_total") });
}

void tst_PrometheusText::exposition_data()
{
    QTest::addColumn<QList<MetricsSnapshot>>("targets");

    QTest::addRow("no targets") << QList<MetricsSnapshot> {};
    QTest::addRow("one idle target")
        << QList<MetricsSnapshot> { idle(QStringLiteral("inventory")) };
    QTest::addRow("one busy target")
        << QList<MetricsSnapshot> { busy(QStringLiteral("inventory"), 1) };
    QTest::addRow("two targets") << QList<MetricsSnapshot> { busy(QStringLiteral("inventory"), 1),
        idle(QStringLiteral("billing")) };
    QTest::addRow("names needing escapes")
        << QList<MetricsSnapshot> { busy(QStringLiteral("we\"ird\\name\nline two"), 2),
               idle(QStringLiteral("\\")), idle(QStringLiteral("\"")),
               idle(QStringLiteral("trailing backslash\\")) };
    QTest::addRow("non-ASCII name and spaces")
        << QList<MetricsSnapshot> { busy(QStringLiteral("Zahlungsdienst – ünïcødé ✓"), 3) };
    QTest::addRow("empty name") << QList<MetricsSnapshot> { idle(QString()) };

    MetricsSnapshot halfOpen = busy(QStringLiteral("a"), 1);
    halfOpen.breakerState = QStringLiteral("half_open");
    MetricsSnapshot closed = busy(QStringLiteral("b"), 1);
    closed.breakerState = QStringLiteral("closed");
    MetricsSnapshot unknown = busy(QStringLiteral("c"), 1);
    unknown.breakerState = QStringLiteral("jammed");
    QTest::addRow("breaker states") << QList<MetricsSnapshot> { halfOpen, closed, unknown };

    MetricsSnapshot large = busy(QStringLiteral("large"), qint64(1) << 40);
    large.oldestPendingAgeMs = std::nullopt;
    large.latency[2] = { qint64(1) << 40, 999999, 1000000, 1000001, 1073741823, qint64(1) << 52 };
    QTest::addRow("large values") << QList<MetricsSnapshot> { large };
}

void tst_PrometheusText::exposition()
{
    QFETCH(QList<MetricsSnapshot>, targets);

    const QByteArray text = prometheusText(targets);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.error.isEmpty(), qPrintable(e.error + u'\n' + QString::fromUtf8(text)));
    QCOMPARE(e.types, ExpectedTypes);
    QCOMPARE(e.helped, QSet<QString>(ExpectedTypes.keyBegin(), ExpectedTypes.keyEnd()));
    const QString mismatch = compareSamples(e.samples, expectedSamples(targets));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch + u'\n' + QString::fromUtf8(text)));
}

void tst_PrometheusText::familiesAppearOnceInOrder()
{
    // Each family's HELP and TYPE come once, before all its samples, whatever the target count.
    const QByteArray text = prometheusText({ busy(QStringLiteral("a"), 1),
        busy(QStringLiteral("b"), 2), busy(QStringLiteral("c"), 3) });
    for (auto it = ExpectedTypes.cbegin(); it != ExpectedTypes.cend(); ++it) {
        const QByteArray type = "# TYPE " + it.key().toUtf8() + ' ' + it.value().toUtf8() + '\n';
        QCOMPARE(text.count(type), 1);
        QCOMPARE(text.count(QByteArray("# HELP " + it.key().toUtf8() + ' ')), 1);
    }
    QCOMPARE(text.count("tandem_attempts_total{target="), 3);
    QCOMPARE(text.count("tandem_failures_total{target="), 24);
    QCOMPARE(text.count("tandem_breaker_state{target="), 9);
    QCOMPARE(text.count("tandem_attempt_latency_seconds_count{target="), 9);
    QVERIFY(text.contains("tandem_failures_total{target=\"b\",class=\"http_429\"} 10\n"));
    QVERIFY(text.contains("tandem_breaker_state{target=\"a\",state=\"open\"} 1\n"));
    QVERIFY(text.contains(
        "tandem_attempt_latency_seconds{target=\"c\",window=\"1m\",quantile=\"0.95\"} 0.00"));
}

void tst_PrometheusText::prometheusClientReadsIt_data() { exposition_data(); }

void tst_PrometheusText::prometheusClientReadsIt()
{
    QFETCH(QList<MetricsSnapshot>, targets);

    // A second, independent reader where one is installed (Debian: python3-prometheus-client,
    // which a python3 earlier on PATH, e.g. pyenv's, does not see).
    QString interpreter;
    for (const QString &candidate :
        { QStringLiteral("python3"), QStringLiteral("/usr/bin/python3") }) {
        QProcess probe;
        probe.start(
            candidate, { QStringLiteral("-c"), QStringLiteral("import prometheus_client") });
        if (probe.waitForFinished(30000) && probe.exitStatus() == QProcess::NormalExit
            && probe.exitCode() == 0) {
            interpreter = candidate;
            break;
        }
    }
    if (interpreter.isEmpty())
        QSKIP("no python3 with prometheus_client");

    const char *script = R"(
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append({"family": family.name, "type": family.type, "name": s.name,
                    "labels": s.labels, "value": s.value})
print(json.dumps(out))
)";
    const QByteArray text = prometheusText(targets);
    QProcess python;
    python.start(interpreter, { QStringLiteral("-c"), QString::fromUtf8(script) });
    QVERIFY(python.waitForStarted());
    python.write(text);
    python.closeWriteChannel();
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    QMap<QString, double> got;
    const QJsonArray samples = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    for (const QJsonValue &v : samples) {
        const QJsonObject o = v.toObject();
        Labels labels;
        const QJsonObject l = o.value(QStringLiteral("labels")).toObject();
        for (auto it = l.begin(); it != l.end(); ++it)
            labels.insert(it.key(), it.value().toString());
        const QString key = seriesKey(o.value(QStringLiteral("name")).toString(), labels);
        QVERIFY2(!got.contains(key), qPrintable(key));
        got.insert(key, o.value(QStringLiteral("value")).toDouble());
    }
    const QString mismatch = compareSamples(got, expectedSamples(targets));
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_GUILESS_MAIN(tst_PrometheusText)
#include "tst_prometheustext.moc"
