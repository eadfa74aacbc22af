"""What is due for me, my reminder preferences, and the working-day calendar."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from khuyencong.core import audit, clock

from . import calendar
from .due import collect
from .forms import PreferenceForm, WorkdayForm
from .models import DayOff, ReminderPreference, ReminderSent
from .reminders import DEFAULT_LEAD_DAYS


class DueListView(LoginRequiredMixin, TemplateView):
    """Overdue and due-soon items of the signed-in user, with who must act and a preference form."""

    template_name = "deadlines/due_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        try:
            horizon = max(1, min(int(self.request.GET.get("days", 30)), 365))
        except ValueError:
            horizon = 30
        items = collect(self.request.user, today, horizon)
        preference = ReminderPreference.objects.filter(user=self.request.user).first()
        by_organisation = Counter(i.organisation for i in items if i.organisation and i.due < today)
        context.update(
            today=today,
            horizon=horizon,
            overdue=[i for i in items if i.due < today],
            upcoming=[i for i in items if i.due >= today],
            by_organisation=by_organisation.most_common(),
            form=kwargs.get("form")
            or PreferenceForm(instance=preference, initial={"lead_days": DEFAULT_LEAD_DAYS}),
            sent=ReminderSent.objects.filter(user=self.request.user)[:20],
        )
        return context

    def post(self, request, *args, **kwargs):
        preference = ReminderPreference.objects.filter(user=request.user).first()
        form = PreferenceForm(request.POST, instance=preference or ReminderPreference(user=request.user))
        if form.is_valid():
            with audit.acting_as(request.user):
                form.save()
            messages.success(request, _("Your reminder settings were saved."))
            return redirect("deadlines:list")
        return self.render_to_response(self.get_context_data(form=form))


class CalendarView(LoginRequiredMixin, TemplateView):
    """The days off of a year and a working-day calculator (N working days after a date)."""

    template_name = "deadlines/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("year", clock.today().year))
        except ValueError:
            year = clock.today().year
        year = max(2000, min(year, 2100))
        form = WorkdayForm(self.request.GET if "start" in self.request.GET else None)
        result = None
        if form.is_bound and form.is_valid():
            try:
                result = calendar.add_working_days(form.cleaned_data["start"], form.cleaned_data["days"])
            except calendar.CalendarMissing as missing:  # never a count that ignores a year's holidays
                form.add_error("days", str(missing))
        context.update(
            year=year,
            days=DayOff.objects.filter(date__year=year, province__isnull=True),
            province_days=DayOff.objects.filter(date__year=year, province__isnull=False).select_related(
                "province"
            ),
            form=form,
            result=result,
        )
        return context
