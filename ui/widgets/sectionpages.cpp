// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/sectionpages.h"

#include <algorithm>

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

#include "ui/appearance.h"

namespace Tandem::Ui {

namespace {

constexpr int IconSize = 16;

QIcon blankIcon()
{
    // Every item keeps room for the warning icon, so that the texts do not move when one shows.
    QPixmap blank(IconSize, IconSize);
    blank.fill(Qt::transparent);
    return QIcon(blank);
}

} // namespace

SectionPages::SectionPages(QWidget *parent)
    : QWidget(parent)
{
    m_sections = new QListWidget;
    m_sections->setObjectName(QStringLiteral("sections"));
    m_sections->setUniformItemSizes(true);
    m_sections->setIconSize(QSize(IconSize, IconSize));
    m_sections->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages = new QStackedWidget;
    m_pages->setObjectName(QStringLiteral("pages"));
    connect(m_sections, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_sections, &QListWidget::currentRowChanged, this, &SectionPages::currentPageChanged);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_sections);
    layout->addWidget(m_pages, 1);
}

SectionPages::~SectionPages() = default;

int SectionPages::addPage(const QString &title, const QString &intro, QWidget *content, bool fill)
{
    const int index = m_pages->count();
    auto *inner = new QWidget;
    inner->setObjectName(QStringLiteral("page%1").arg(index));
    auto *layout = new QVBoxLayout(inner);
    layout->setContentsMargins(4, 0, 8, 4);
    layout->setSpacing(10);
    auto *heading = new QLabel(title);
    QFont font = heading->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.25);
    heading->setFont(font);
    layout->addWidget(heading);
    if (!intro.isEmpty())
        layout->addWidget(helpLabel(intro));
    layout->addWidget(content, fill ? 1 : 0);
    if (!fill)
        layout->addStretch(1);

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(inner);
    m_pages->addWidget(scroll);

    auto *item = new QListWidgetItem(title, m_sections);
    item->setSizeHint(QSize(0, std::max(28, m_sections->fontMetrics().height() + 12)));
    item->setIcon(blankIcon());
    int widest = 0;
    for (int i = 0; i < m_sections->count(); ++i)
        widest = std::max(
            widest, m_sections->fontMetrics().horizontalAdvance(m_sections->item(i)->text()));
    m_sections->setFixedWidth(widest + IconSize + 48);
    if (m_sections->currentRow() < 0)
        m_sections->setCurrentRow(0);
    return index;
}

int SectionPages::count() const { return m_pages->count(); }

QString SectionPages::title(int page) const
{
    const QListWidgetItem *item = m_sections->item(page);
    return item ? item->text() : QString();
}

QWidget *SectionPages::page(int page) const { return m_pages->widget(page); }

int SectionPages::currentPage() const { return m_pages->currentIndex(); }

void SectionPages::showPage(int page) { m_sections->setCurrentRow(page); }

void SectionPages::setPageHasProblems(int page, bool problems, const QString &toolTip)
{
    QListWidgetItem *item = m_sections->item(page);
    if (!item)
        return;
    item->setIcon(problems ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : blankIcon());
    item->setToolTip(problems ? toolTip : QString());
    item->setData(Qt::UserRole, problems);
}

bool SectionPages::pageHasProblems(int page) const
{
    const QListWidgetItem *item = m_sections->item(page);
    return item && item->data(Qt::UserRole).toBool();
}

QLabel *dialogStatusLine(QWidget *parent)
{
    auto *status = new QLabel(parent);
    status->setObjectName(QStringLiteral("status"));
    status->setWordWrap(true);
    status->setTextFormat(Qt::PlainText);
    status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return status;
}

void layOutDialog(QDialog *dialog, SectionPages *pages, QLabel *status, QDialogButtonBox *buttons)
{
    auto *bottom = new QHBoxLayout;
    bottom->setSpacing(12);
    bottom->addWidget(status, 1);
    bottom->addWidget(buttons);
    auto *layout = new QVBoxLayout(dialog);
    layout->setSpacing(10);
    layout->addWidget(pages, 1);
    layout->addLayout(bottom);
}

QLabel *helpLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    // A role, not a colour: the label follows a theme switch.
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QColor errorTextColour()
{
    return Appearance::readable(QColor(0xb3, 0x26, 0x1e), QApplication::palette());
}

QColor invalidFieldTint()
{
    return Appearance::isDark(QApplication::palette()) ? QColor(0x4d, 0x23, 0x23)
                                                       : QColor(0xfd, 0xec, 0xea);
}

QLabel *errorLine(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, errorTextColour());
    label->setPalette(p);
    label->hide();
    return label;
}

} // namespace Tandem::Ui
