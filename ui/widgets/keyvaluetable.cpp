// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/keyvaluetable.h"

#include <algorithm>
#include <functional>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Tandem::Ui {

namespace {

const QColor kInvalidTint(0xfd, 0xec, 0xea);

} // namespace

KeyValueTable::KeyValueTable(const QString &keyHeader, const QString &valueHeader, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_table->setObjectName(QStringLiteral("table"));
    m_add->setObjectName(QStringLiteral("addButton"));
    m_remove->setObjectName(QStringLiteral("removeButton"));
    m_table->setHorizontalHeaderLabels({ keyHeader, valueHeader });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->resizeSection(0, 200);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_table->setMinimumHeight(120);
    m_add->setToolTip(tr("Add a row"));
    m_remove->setToolTip(tr("Remove the selected rows"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    setFocusProxy(m_table);

    connect(m_add, &QPushButton::clicked, this, [this] { addRow(); });
    connect(m_remove, &QPushButton::clicked, this, &KeyValueTable::removeSelectedRows);
    connect(m_table, &QTableWidget::itemChanged, this, &KeyValueTable::changed);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &KeyValueTable::updateButtons);
    updateButtons();
}

KeyValueTable::~KeyValueTable() = default;

QList<QPair<QString, QString>> KeyValueTable::pairs() const
{
    QList<QPair<QString, QString>> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *k = m_table->item(row, 0);
        const QTableWidgetItem *v = m_table->item(row, 1);
        const QString key = k ? k->text().trimmed() : QString();
        const QString value = v ? v->text() : QString();
        if (key.isEmpty() && value.isEmpty())
            continue;
        out.append({ key, value });
    }
    return out;
}

void KeyValueTable::setPairs(const QList<QPair<QString, QString>> &pairs)
{
    {
        const QSignalBlocker block(m_table);
        m_table->setRowCount(0);
        for (const auto &[key, value] : pairs) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            m_table->setItem(row, 0, new QTableWidgetItem(key));
            m_table->setItem(row, 1, new QTableWidgetItem(value));
        }
    }
    updateButtons();
    Q_EMIT changed();
}

void KeyValueTable::addRow(const QString &key, const QString &value)
{
    const int row = m_table->rowCount();
    {
        const QSignalBlocker block(m_table);
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(key));
        m_table->setItem(row, 1, new QTableWidgetItem(value));
    }
    m_table->setCurrentCell(row, key.isEmpty() ? 0 : 1);
    if (key.isEmpty() && isVisible())
        m_table->editItem(m_table->item(row, 0));
    updateButtons();
    Q_EMIT changed();
}

void KeyValueTable::removeSelectedRows()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows.append(m_table->currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : std::as_const(rows))
        m_table->removeRow(row);
    updateButtons();
    Q_EMIT changed();
}

void KeyValueTable::setInvalidKeys(const QSet<QString> &keys)
{
    const QSignalBlocker block(m_table);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *k = m_table->item(row, 0);
        const bool invalid = k && keys.contains(k->text().trimmed());
        for (int column = 0; column < 2; ++column) {
            if (QTableWidgetItem *item = m_table->item(row, column))
                item->setBackground(invalid ? QBrush(kInvalidTint) : QBrush());
        }
    }
}

void KeyValueTable::updateButtons()
{
    m_remove->setEnabled(m_table->rowCount() > 0
        && (m_table->selectionModel()->hasSelection() || m_table->currentRow() >= 0));
}

} // namespace Tandem::Ui
