// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/textdiff.h"

#include <algorithm>
#include <vector>

#include <QStringList>

namespace Tandem {

namespace {

// The search table has one cell per pair of changed lines: past this, memory and time matter
// more than the shortest edit.
constexpr qsizetype MaxSearchCells = 1'000'000;

struct Op
{
    char kind; ///< ' ', '-' or '+'
    QString line;
    int beforeLine; ///< 0-based position in the old text of this or the next old line
    int afterLine;
};

// The shortest edit of the middle parts by longest common subsequence.
void diffMiddle(const QStringList &a, const QStringList &b, qsizetype from, qsizetype aEnd,
    qsizetype bEnd, std::vector<Op> &ops)
{
    const qsizetype n = aEnd - from;
    const qsizetype m = bEnd - from;
    if (n * m > MaxSearchCells) {
        for (qsizetype i = 0; i < n; ++i)
            ops.push_back({ '-', a.at(from + i), int(from + i), int(from) });
        for (qsizetype j = 0; j < m; ++j)
            ops.push_back({ '+', b.at(from + j), int(aEnd), int(from + j) });
        return;
    }
    // lcs[i][j]: common lines of a[i..] and b[j..].
    std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
    const auto at = [m](qsizetype i, qsizetype j) { return size_t(i * (m + 1) + j); };
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            lcs[at(i, j)] = a.at(from + i) == b.at(from + j)
                ? lcs[at(i + 1, j + 1)] + 1
                : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
        }
    }
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a.at(from + i) == b.at(from + j)) {
            ops.push_back({ ' ', a.at(from + i), int(from + i), int(from + j) });
            ++i;
            ++j;
        } else if (i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)])) {
            // Removals before additions, as diff(1) shows a changed line.
            ops.push_back({ '-', a.at(from + i), int(from + i), int(from + j) });
            ++i;
        } else {
            ops.push_back({ '+', b.at(from + j), int(from + i), int(from + j) });
            ++j;
        }
    }
}

QString range(int start, int count)
{
    // Unified diff convention: 1-based start, or the line before an empty range.
    return QStringLiteral("%1,%2").arg(count == 0 ? start : start + 1).arg(count);
}

} // namespace

QString unifiedLineDiff(const QString &before, const QString &after, int context)
{
    if (before == after)
        return {};
    const QStringList a = before.split(u'\n');
    const QStringList b = after.split(u'\n');
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.at(prefix) == b.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.at(a.size() - 1 - suffix) == b.at(b.size() - 1 - suffix))
        ++suffix;

    std::vector<Op> ops;
    ops.reserve(size_t(a.size() + b.size()));
    for (qsizetype i = 0; i < prefix; ++i)
        ops.push_back({ ' ', a.at(i), int(i), int(i) });
    diffMiddle(a, b, prefix, a.size() - suffix, b.size() - suffix, ops);
    for (qsizetype k = suffix; k > 0; --k) {
        const qsizetype i = a.size() - k;
        const qsizetype j = b.size() - k;
        ops.push_back({ ' ', a.at(i), int(i), int(j) });
    }

    QString out;
    const qsizetype total = qsizetype(ops.size());
    qsizetype k = 0;
    while (k < total) {
        if (ops[size_t(k)].kind == ' ') {
            ++k;
            continue;
        }
        // A hunk: from `context` lines before this change to `context` lines after the last
        // change that is at most 2 × context unchanged lines from the previous one.
        const qsizetype start = std::max<qsizetype>(0, k - context);
        qsizetype end = k;
        qsizetype unchanged = 0;
        for (qsizetype e = k; e < total; ++e) {
            if (ops[size_t(e)].kind != ' ') {
                end = e + 1;
                unchanged = 0;
            } else if (++unchanged > 2 * context) {
                break;
            }
        }
        end = std::min(total, end + context);
        int beforeCount = 0;
        int afterCount = 0;
        for (qsizetype e = start; e < end; ++e) {
            beforeCount += ops[size_t(e)].kind != '+';
            afterCount += ops[size_t(e)].kind != '-';
        }
        const Op &first = ops[size_t(start)];
        out += QStringLiteral("@@ -") + range(first.beforeLine, beforeCount) + QStringLiteral(" +")
            + range(first.afterLine, afterCount) + QStringLiteral(" @@\n");
        for (qsizetype e = start; e < end; ++e)
            out += QChar::fromLatin1(ops[size_t(e)].kind) + ops[size_t(e)].line + u'\n';
        k = end;
    }
    return out;
}

} // namespace Tandem
