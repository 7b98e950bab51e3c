// SPDX-License-Identifier: GPL-3.0-or-later
// `tandem enqueue FILE` as a streaming bulk import, on the real binary (TANDEM_BINARY): a large
// file goes in completely; a malformed line or a refused batch stops the import with a statement
// of what was committed that matches the store exactly; resuming with the --skip it names ends
// with every good line in the store exactly once; progress on stderr, as plain lines for a log and
// as a bar on a terminal (script(1) gives it one).
#include <memory>

#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "engine/store/sqlitestore.h"
#include "tests/support/clirunner.h"

namespace {

using Outcome = Tandem::Testing::CliOutcome;
using Tandem::Testing::binary;

constexpr int ImportTimeoutMs = 90'000;
constexpr qint64 LargeLines = 200'000;
constexpr int BatchMessages = 5000; // what tandem enqueue commits at once

#define EXPECT_EXIT(outcome, code)                                                                 \
    do {                                                                                           \
        const Outcome &o_ = (outcome);                                                             \
        QVERIFY2(o_.exitCode == (code), qPrintable(o_.describe().left(4000)));                     \
    } while (false)
#define EXPECT_IN(haystack, needle)                                                                \
    do {                                                                                           \
        const QString h_ = (haystack);                                                             \
        const QString n_ = (needle);                                                               \
        QVERIFY2(h_.contains(n_),                                                                  \
            qPrintable(QStringLiteral("\"%1\" not in:\n%2").arg(n_, h_.left(4000))));              \
    } while (false)

// Every 1,000th line is blank (line numbers count it); the others carry their own line number,
// so what the store holds can be compared with the lines of the file.
bool isBlankLine(qint64 line) { return line % 1000 == 500; }

QByteArray goodLine(qint64 line)
{
    return "{\"line\":" + QByteArray::number(line) + ",\"customer\":\"c-"
        + QByteArray::number(line % 97) + "\",\"note\":\"bulk import test\"}";
}

// A file of `lines` lines; the lines in `broken` are malformed in the way the map says.
bool writeInput(const QString &path, qint64 lines, const QHash<qint64, QByteArray> &broken = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QByteArray chunk;
    for (qint64 line = 1; line <= lines; ++line) {
        if (broken.contains(line))
            chunk += broken.value(line);
        else if (!isBlankLine(line))
            chunk += goodLine(line);
        chunk += '\n';
        if (chunk.size() > 1 << 20) {
            if (f.write(chunk) != chunk.size())
                return false;
            chunk.clear();
        }
    }
    return f.write(chunk) == chunk.size();
}

// The message lines among lines first…last.
QSet<qint64> goodLines(qint64 first, qint64 last)
{
    QSet<qint64> out;
    for (qint64 line = first; line <= last; ++line) {
        if (!isBlankLine(line))
            out.insert(line);
    }
    return out;
}

qint64 number(const QString &text) { return QString(text).remove(u',').toLongLong(); }

// What a failed import says it committed: "lines A–B were enqueued (N messages)" and the
// --skip to resume with.
struct Statement
{
    qint64 first = -1;
    qint64 last = -1;
    qint64 messages = -1;
    qint64 resumeSkip = -1;
};

Statement statementIn(const QString &text)
{
    Statement s;
    static const QRegularExpression committed(QStringLiteral(
        "lines (\\d+)–(\\d+) were enqueued \\(([\\d,]+) messages?\\) and nothing after them"));
    static const QRegularExpression resume(QStringLiteral("resume with: tandem .*--skip (\\d+)"));
    if (const auto m = committed.match(text); m.hasMatch()) {
        s.first = m.captured(1).toLongLong();
        s.last = m.captured(2).toLongLong();
        s.messages = number(m.captured(3));
    }
    if (const auto m = resume.match(text); m.hasMatch())
        s.resumeSkip = m.captured(1).toLongLong();
    return s;
}

} // namespace

class tst_Import : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void importsALargeFileCompletely();
    void malformedLinesStopAndResumeCleanly();
    void refusedBatchStopsAndResumesCleanly();
    void progressBarOnATerminal();
    void skip_data();
    void skip();

private:
    Outcome cli(const QStringList &args, const QByteArray &input = {},
        int timeoutMs = ImportTimeoutMs) const;
    bool addTarget() const;
    /// The "line" field of every stored message (a line stored twice appears twice).
    QList<qint64> storedLines() const;
    void verifyStoreHoldsExactly(const QSet<qint64> &lines) const;

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_data;
    QString m_input;
};

Outcome tst_Import::cli(const QStringList &args, const QByteArray &input, int timeoutMs) const
{
    return Tandem::Testing::runTandem(
        QStringList { QStringLiteral("--data"), m_data } + args, input, timeoutMs);
}

bool tst_Import::addTarget() const
{
    const Outcome o = cli({ QStringLiteral("targets"), QStringLiteral("add"),
        QStringLiteral("inventory"), QStringLiteral("http://127.0.0.1:9/inventory") });
    if (o.exitCode != 0)
        qWarning("%s", qPrintable(o.describe()));
    return o.exitCode == 0;
}

QList<qint64> tst_Import::storedLines() const
{
    static int counter = 0;
    const QString name = QStringLiteral("tst_import-%1").arg(++counter);
    QList<qint64> lines;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_data + QStringLiteral("/tandem.db"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            qWarning("%s", qPrintable(db.lastError().text()));
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral(
                    "SELECT json_extract(CAST(payload AS TEXT), '$.line') FROM messages")))
                qWarning("%s", qPrintable(q.lastError().text()));
            while (q.next())
                lines.append(q.value(0).toLongLong());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return lines;
}

void tst_Import::verifyStoreHoldsExactly(const QSet<qint64> &expected) const
{
    const QList<qint64> stored = storedLines();
    const QSet<qint64> distinct(stored.cbegin(), stored.cend());
    QVERIFY2(distinct.size() == stored.size(),
        qPrintable(
            QStringLiteral("%1 lines stored more than once").arg(stored.size() - distinct.size())));
    if (distinct != expected) {
        const QSet<qint64> missing = QSet<qint64>(expected).subtract(distinct);
        const QSet<qint64> extra = QSet<qint64>(distinct).subtract(expected);
        QFAIL(qPrintable(QStringLiteral("the store holds %1 lines, expected %2: %3 missing (e.g. "
                                        "%4), %5 not expected (e.g. %6)")
                             .arg(distinct.size())
                             .arg(expected.size())
                             .arg(missing.size())
                             .arg(missing.isEmpty() ? -1 : *missing.cbegin())
                             .arg(extra.size())
                             .arg(extra.isEmpty() ? -1 : *extra.cbegin())));
    }
}

void tst_Import::initTestCase()
{
    QVERIFY2(!binary().isEmpty(), "TANDEM_BINARY is not set (run through ctest)");
}

void tst_Import::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_data = m_tmp->filePath(QStringLiteral("data"));
    m_input = m_tmp->filePath(QStringLiteral("orders.jsonl"));
    QVERIFY(addTarget());
}

void tst_Import::cleanup()
{
    m_tmp.reset();
    m_data.clear();
}

void tst_Import::importsALargeFileCompletely()
{
    QVERIFY(writeInput(m_input, LargeLines));
    const Outcome o = cli({ QStringLiteral("enqueue"), m_input });
    EXPECT_EXIT(o, 0);
    const QString err = QString::fromUtf8(o.err);
    const qint64 messages = goodLines(1, LargeLines).size();
    EXPECT_IN(err,
        QStringLiteral("enqueued %1 messages from lines 1–%2")
            .arg(QLocale(QLocale::English).toString(messages))
            .arg(LargeLines));
    QVERIFY2(o.out.isEmpty(), "ids are printed for a single message only");

    // Standard error is a pipe here: plain progress lines (at least one per 100,000 messages),
    // no bar.
    static const QRegularExpression progressLine(QStringLiteral(
        "^enqueue: [\\d,]+ lines, [\\d,]+ messages, [\\d,]+/s, \\d+ % of [\\d.]+ MiB"));
    const QStringList lines = err.split(u'\n', Qt::SkipEmptyParts);
    qsizetype progressLines = 0;
    for (const QString &line : lines) {
        if (progressLine.match(line).hasMatch())
            ++progressLines;
    }
    QVERIFY2(progressLines >= 1, qPrintable(err));
    QVERIFY2(!err.contains(u'\r'), qPrintable(err));

    verifyStoreHoldsExactly(goodLines(1, LargeLines));
}

void tst_Import::malformedLinesStopAndResumeCleanly()
{
    constexpr qint64 FirstBad = 123'457;
    constexpr qint64 SecondBad = 180'001;
    QHash<qint64, QByteArray> broken {
        { FirstBad, "{\"line\":123457,\"customer\":\"c-unterminated" },
        { SecondBad, "{\"line\":180001,}" },
    };
    QVERIFY(writeInput(m_input, LargeLines, broken));

    // First run: stops at the first malformed line; what it says was committed is exactly what
    // the store holds.
    const Outcome first = cli({ QStringLiteral("enqueue"), m_input });
    EXPECT_EXIT(first, 2);
    const QString firstErr = QString::fromUtf8(first.err);
    EXPECT_IN(firstErr, QStringLiteral("line %1, column").arg(FirstBad));
    EXPECT_IN(firstErr, QStringLiteral("unterminated string"));
    const Statement s1 = statementIn(firstErr);
    QCOMPARE(s1.first, 1);
    QVERIFY2(s1.last < FirstBad && s1.last >= FirstBad - BatchMessages - 10, qPrintable(firstErr));
    QCOMPARE(s1.resumeSkip, s1.last);
    QCOMPARE(s1.messages, goodLines(1, s1.last).size());
    verifyStoreHoldsExactly(goodLines(1, s1.last));

    // Fixed, and resumed: line numbers stay those of the file, so the second malformed line is
    // reported as such, with what this run committed after the skipped lines.
    broken.remove(FirstBad);
    QVERIFY(writeInput(m_input, LargeLines, broken));
    const Outcome second = cli({ QStringLiteral("enqueue"), m_input, QStringLiteral("--skip"),
        QString::number(s1.resumeSkip) });
    EXPECT_EXIT(second, 2);
    const QString secondErr = QString::fromUtf8(second.err);
    EXPECT_IN(secondErr, QStringLiteral("line %1, column").arg(SecondBad));
    const Statement s2 = statementIn(secondErr);
    QCOMPARE(s2.first, s1.last + 1);
    QVERIFY2(
        s2.last < SecondBad && s2.last >= SecondBad - BatchMessages - 10, qPrintable(secondErr));
    QCOMPARE(s2.resumeSkip, s2.last);
    QCOMPARE(s2.messages, goodLines(s2.first, s2.last).size());
    verifyStoreHoldsExactly(goodLines(1, s2.last));

    // Fixed again and resumed: every good line is in the store exactly once.
    broken.remove(SecondBad);
    QVERIFY(writeInput(m_input, LargeLines, broken));
    const Outcome third = cli({ QStringLiteral("enqueue"), m_input, QStringLiteral("--skip"),
        QString::number(s2.resumeSkip) });
    EXPECT_EXIT(third, 0);
    EXPECT_IN(QString::fromUtf8(third.err),
        QStringLiteral("from lines %1–%2").arg(s2.last + 1).arg(LargeLines));
    verifyStoreHoldsExactly(goodLines(1, LargeLines));
}

void tst_Import::refusedBatchStopsAndResumesCleanly()
{
    // The backlog limit (kept in the store for every producer): two batches fit, the third
    // does not.
    constexpr qint64 Lines = 20'000;
    const QString storePath = m_data + QStringLiteral("/tandem.db");
    {
        auto store = Tandem::SqliteStore::open(storePath);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QVERIFY((*store)->setBacklogLimits({ 12'000, 6'000 }));
    }
    QVERIFY(writeInput(m_input, Lines));
    const Outcome refused = cli({ QStringLiteral("enqueue"), m_input });
    EXPECT_EXIT(refused, 1);
    const QString err = QString::fromUtf8(refused.err);
    EXPECT_IN(err, QStringLiteral("backlog limit reached"));
    QVERIFY2(!err.contains(QStringLiteral("nothing was enqueued")), qPrintable(err));
    const Statement s = statementIn(err);
    QCOMPARE(s.first, 1);
    QCOMPARE(s.messages, 2 * BatchMessages);
    QCOMPARE(s.resumeSkip, s.last);
    QCOMPARE(goodLines(1, s.last).size(), s.messages);
    verifyStoreHoldsExactly(goodLines(1, s.last));

    {
        auto store = Tandem::SqliteStore::open(storePath);
        QVERIFY(store);
        QVERIFY((*store)->setBacklogLimits({ 100'000, 80'000 }));
    }
    const Outcome resumed = cli(
        { QStringLiteral("enqueue"), m_input, QStringLiteral("--skip"), QString::number(s.last) });
    EXPECT_EXIT(resumed, 0);
    verifyStoreHoldsExactly(goodLines(1, Lines));
}

void tst_Import::progressBarOnATerminal()
{
    // script(1) (util-linux) runs the command on a pseudo-terminal and copies what it prints.
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    if (script.isEmpty())
        QSKIP("script(1) is not installed");
    constexpr qint64 Lines = 100'000;
    QVERIFY(writeInput(m_input, Lines));
    const QString command
        = QStringLiteral("'%1' --data '%2' enqueue '%3'").arg(binary(), m_data, m_input);
    QProcess p;
    p.setProcessEnvironment(Tandem::Testing::environment());
    p.start(script,
        { QStringLiteral("-q"), QStringLiteral("-e"), QStringLiteral("-c"), command,
            QStringLiteral("/dev/null") });
    QVERIFY2(p.waitForStarted(10'000), qPrintable(p.errorString()));
    p.closeWriteChannel();
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, ImportTimeoutMs));
    const QString output = QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(p.exitCode(), 0);

    // Redrawn in place: several updates, each after a '\r', none on a line of its own.
    static const QRegularExpression bar(QStringLiteral(
        "\\r *\\d+% (\\[[=> ]+\\] )? [\\d.]+ [KMG]iB / [\\d.]+ MiB  [\\d,]+ messages  "
        "[\\d,]+/s"));
    qsizetype updates = 0;
    for (auto it = bar.globalMatch(output); it.hasNext(); it.next())
        ++updates;
    QVERIFY2(updates >= 2, qPrintable(output.left(3000)));
    QVERIFY2(!output.contains(QStringLiteral("enqueue: ")), "no plain progress lines");
    EXPECT_IN(output, QStringLiteral("enqueued 99,900 messages from lines 1–100000"));
    verifyStoreHoldsExactly(goodLines(1, Lines));
}

void tst_Import::skip_data()
{
    QTest::addColumn<QString>("skip");
    QTest::addColumn<bool>("fromStdin");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected"); // in stderr
    QTest::addColumn<qint64>("firstStored"); // the lines stored: firstStored…10, or none if 0

    // A 10-line file; line 3 would be refused if it were read, line 9 and 10 are blank.
    QTest::addRow("0") << QStringLiteral("0") << false << 2 << QStringLiteral("line 3")
                       << qint64(0);
    QTest::addRow("past a malformed line")
        << QStringLiteral("3") << false << 0 << QStringLiteral("from lines 4–10") << qint64(4);
    QTest::addRow("from standard input")
        << QStringLiteral("5") << true << 0 << QStringLiteral("from lines 6–10") << qint64(6);
    QTest::addRow("only blank lines left")
        << QStringLiteral("8") << false << 1 << QStringLiteral("no message after line 8")
        << qint64(0);
    QTest::addRow("the whole input") << QStringLiteral("10") << false << 1
                                     << QStringLiteral("no message after line 10") << qint64(0);
    QTest::addRow("beyond the end")
        << QStringLiteral("11") << false << 1
        << QStringLiteral("--skip 11 goes beyond the end of the input (10 lines)") << qint64(0);
    QTest::addRow("negative") << QStringLiteral("-1") << false << 2 << QStringLiteral("--skip")
                              << qint64(0);
    QTest::addRow("not a number") << QStringLiteral("ten") << false << 2 << QStringLiteral("--skip")
                                  << qint64(0);
    QTest::addRow("a fraction") << QStringLiteral("1.5") << false << 2 << QStringLiteral("--skip")
                                << qint64(0);
}

void tst_Import::skip()
{
    QFETCH(QString, skip);
    QFETCH(bool, fromStdin);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    QFETCH(qint64, firstStored);

    QByteArray input;
    for (qint64 line = 1; line <= 10; ++line) {
        if (line == 3)
            input += "this line is not JSON";
        else if (line < 9)
            input += goodLine(line);
        input += '\n';
    }
    QFile f(m_input);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(input) == input.size());
    f.close();

    const Outcome o = cli({ QStringLiteral("enqueue"), fromStdin ? QStringLiteral("-") : m_input,
                              QStringLiteral("--skip"), skip },
        fromStdin ? input : QByteArray());
    EXPECT_EXIT(o, exitCode);
    EXPECT_IN(QString::fromUtf8(o.err), expected);
    if (exitCode == 1)
        EXPECT_IN(QString::fromUtf8(o.err), QStringLiteral("nothing was enqueued"));
    QSet<qint64> stored;
    if (firstStored > 0) {
        for (qint64 line = firstStored; line <= 8; ++line)
            stored.insert(line);
    }
    verifyStoreHoldsExactly(stored);
}

QTEST_GUILESS_MAIN(tst_Import)
#include "tst_import.moc"
