"""Incoming documents waiting for a reply, by their reply-by date (deadlines.due provider)."""

from django.utils.translation import gettext as _

from khuyencong.deadlines.due import DueItem

from .models import Correspondence


def items(user, today, until):
    documents = (
        Correspondence.objects.editable_by(user)
        .unanswered()
        .filter(reply_by__lte=until)
        .select_related("province")
        .order_by("reply_by")[:200]
    )
    for document in documents:
        yield DueItem(
            key=f"correspondence:{document.pk}:reply",
            title=str(document),
            due=document.reply_by,
            url=document.get_absolute_url(),
            kind=_("Reply to an official letter"),
            organisation=str(document.province) if document.province_id else "",
        )
