// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/emptyviewplaceholder.h"

#include <QAbstractItemView>
#include <QEvent>

namespace Tandem::Ui {

EmptyViewPlaceholder::EmptyViewPlaceholder(QAbstractItemView *view, const QString &text)
    : QLabel(text, view->viewport())
    , m_view(view)
{
    setObjectName(QStringLiteral("emptyPlaceholder"));
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setMargin(16);
    setForegroundRole(QPalette::PlaceholderText);
    setAttribute(Qt::WA_TransparentForMouseEvents);
    QAbstractItemModel *model = view->model();
    Q_ASSERT(model);
    for (auto signal : { &QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved })
        connect(model, signal, this, &EmptyViewPlaceholder::follow);
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyViewPlaceholder::follow);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyViewPlaceholder::follow);
    view->viewport()->installEventFilter(this);
    follow();
}

EmptyViewPlaceholder::~EmptyViewPlaceholder() = default;

bool EmptyViewPlaceholder::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_view->viewport()->rect());
    return QLabel::eventFilter(watched, event);
}

void EmptyViewPlaceholder::follow()
{
    setGeometry(m_view->viewport()->rect());
    setVisible(m_view->model()->rowCount() == 0);
}

} // namespace Tandem::Ui
