"""Periodic reports a province has still to file, by their legal deadline (deadlines.due provider)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.deadlines.due import DueItem

from .models import Submission, SubmissionStatus
from .periods import FORM_RULES, PROVINCE_FORMS, ReportForm, recent_periods
from .submissions import filing_provinces

FILED = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)


def items(user, today, until):
    provinces = list(filing_provinces(user))
    if not provinces:
        return
    periods = [p for p in recent_periods(today, count=4) if p.end <= until]
    filed = {
        (s.form, s.period_kind, s.year, s.province_id)
        for s in Submission.objects.filter(
            province__in=provinces, status__in=FILED, cluster=None, commune=None
        )
    }
    for province in provinces:
        for form in PROVINCE_FORMS:
            for period in periods:
                if period.kind not in FORM_RULES[form].kinds:
                    continue
                deadline = period.deadline(form)
                if (form, period.kind, period.year, province.pk) in filed or deadline > until:
                    continue
                if (today - deadline).days > 366:
                    continue  # long past: listed on the reports page, not as a reminder
                yield DueItem(
                    key=f"report:{form}:{period.code}:{province.code}",
                    title=f"{ReportForm(form).label} – {period.label} – {province.name}",
                    due=deadline,
                    url=reverse("reports:submissions") + f"?form={form}&period={period.code}",
                    kind=_("Periodic report"),
                    organisation=province.full_name,
                )
