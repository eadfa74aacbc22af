"""Periodic report submissions: the overview per form and period, a submission's page and its steps.

Thin views over reports.submissions (the services); every read goes through `Submission.objects.visible_to`.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from khuyencong.core import clock
from khuyencong.core.text import fold
from khuyencong.correspondence.templatetags.correspondence import documents_exist
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound

from . import chain, crosschecks, submission_output, submissions, tt14
from .common import NATIONAL_CODE, ReportArea, check_scope
from .models import Submission, SubmissionStatus
from .periods import FORM_RULES, PROVINCE_FORMS, Period, ReportForm, recent_periods

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DraftForm(forms.Form):
    """What the filer adds: the lines of Biểu 01 / 02 the records cannot know, difficulties, proposals."""

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        for line in tt14.entered_lines(submission.form):
            value = submission.entries.get(line.key)
            unit = f" ({line.unit})" if line.unit else ""
            self.fields[line.key] = forms.CharField(
                label=f"{line.no}. {line.label}{unit}",
                required=False,
                initial="" if value is None else str(value).replace(".", ","),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "data-line": line.no}),
            )
        self.fields["difficulties"] = forms.CharField(
            label=Submission._meta.get_field("difficulties").verbose_name.capitalize(),
            required=False,
            initial=submission.difficulties,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["proposals"] = forms.CharField(
            label=Submission._meta.get_field("proposals").verbose_name.capitalize(),
            required=False,
            initial=submission.proposals,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.entry_keys = [line.key for line in tt14.entered_lines(submission.form)]


def _choices(request):
    """The form and period asked for in the query string (defaults: Biểu 04, the latest 6-month period)."""
    form = request.GET.get("form") or ReportForm.BIEU_04
    if form not in PROVINCE_FORMS:
        form = ReportForm.BIEU_04
    periods = [p for p in recent_periods(count=6) if p.kind in FORM_RULES[form].kinds]
    try:
        period = Period.parse(request.GET["period"])
    except (KeyError, ValueError):
        period = periods[0]
    if period.kind not in FORM_RULES[form].kinds:
        period = periods[0]
    return ReportForm(form), period, periods


class SubmissionOverviewView(LoginRequiredMixin, TemplateView):
    """Every province with its state for one form and period (the central agency sees all 34)."""

    template_name = "reports/submissions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, period, periods = _choices(self.request)
        rows = submissions.overview(form, period, self.request.user)
        filing = set(submissions.filing_provinces(self.request.user).values_list("pk", flat=True))
        for row in rows:
            row["can_open"] = row["submission"] is None and row["province"].pk in filing
        counts = {status: 0 for status in SubmissionStatus.values}
        for row in rows:
            counts[row["status"]] += 1
        context.update(
            form_code=form,
            form_label=form.label,
            forms=[(f, ReportForm(f).label) for f in PROVINCE_FORMS],
            period=period,
            periods=periods,
            deadline=period.deadline(form),
            rows=rows,
            counts=[(SubmissionStatus(s).label, n) for s, n in counts.items()],
            is_reviewer=submissions.is_reviewer(self.request.user),
            cluster_rows=self.cluster_rows(period) if not rows else None,
        )
        return context

    def cluster_rows(self, period):
        """Who files no province report (an investor, an enterprise, a commune officer): the reports of the
        chain that are theirs to file or review for the period instead."""
        user = self.request.user
        if not (
            submissions.investor_organisations(user)
            or submissions.tenant_organisations(user)
            or submissions.local_unit_ids(user)
        ):
            return None
        return [
            row
            for province in chain.chain_provinces(user)
            for row in chain.chain(province, period, user)
            if row["form"] != ReportForm.BIEU_04
        ]


class SubmissionOpenView(LoginRequiredMixin, View):
    """POST form, period, province: open (or find) the province's draft and go to it."""

    def post(self, request):
        try:
            form = ReportForm(request.POST.get("form", ""))
            period = Period.parse(request.POST.get("period", ""))
        except ValueError as exc:
            raise PermissionDenied(_("Unknown report form or period.")) from exc
        subject = submissions.subject_for(request.user, form, request.POST)
        if subject is None:
            raise PermissionDenied(_("Only the province's own officers file this report."))
        try:
            submission = submissions.open_draft(form=form, period=period, actor=request.user, **subject)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{request.path.rsplit('open/', 1)[0]}?form={form}&period={period.code}")
        return redirect(submission)


class ChainView(LoginRequiredMixin, TemplateView):
    """The reporting chain of a province for a period: who has filed Biểu 01–04, who has not, how late."""

    template_name = "reports/chain.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        periods = recent_periods(count=6)
        try:
            period = Period.parse(self.request.GET["period"])
        except (KeyError, ValueError):
            period = periods[0]
        provinces = chain.chain_provinces(user)
        chosen = self.request.GET.get("province")
        province = next((p for p in provinces if p.code == chosen), provinces[0] if provinces else None)
        rows = chain.chain(province, period, user) if province else []
        context.update(
            rule=period.chain,
            levels=chain.completeness(rows),
            period=period,
            periods=periods,
            provinces=provinces,
            province=province,
            rows=rows,
            missing=sum(1 for r in rows if r["status"] in ("not_started", "draft", "returned")),
            late=sum(1 for r in rows if r["late"]),
        )
        return context


class SubmissionDetailView(LoginRequiredMixin, DetailView):
    """A submission: its figures, the narrative, what the province adds, the steps and the log.

    POST saves the difficulties and proposals of a draft (province officers only)."""

    model = Submission
    template_name = "reports/submission_detail.html"

    def get_queryset(self):
        return (
            Submission.objects.visible_to(self.request.user)
            .select_related(
                "province",
                "submitted_by",
                "reviewed_by",
                "commune",
                "cluster__investor",
                "tenant_project__investor",
                "tenant_project__cluster",
            )
            .annotate(has_documents=documents_exist(Submission))
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        download = request.GET.get("download")
        if download in {"xlsx", "pdf"}:
            submission = self.object
            name = f"{submission.form}-{submission.period.code}-{slugify(fold(submission.province.name))}"
            if download == "xlsx":
                content, mime = submission_output.submission_xlsx(submission), XLSX_MIME
            else:
                content, mime = submission_output.submission_pdf(submission), "application/pdf"
            response = HttpResponse(content, content_type=mime)
            response["Content-Disposition"] = f'attachment; filename="{name}.{download}"'
            return response
        return self.render_to_response(self.get_context_data(object=self.object))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not submissions.can_file(self.object, request.user):
            raise PermissionDenied
        form = DraftForm(request.POST, submission=self.object)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submissions.save_draft(
                    self.object,
                    actor=request.user,
                    difficulties=data["difficulties"],
                    proposals=data["proposals"],
                    entries={key: data[key] for key in form.entry_keys},
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for key, errors in exc.message_dict.items():
                        form.add_error(key if key in form.fields else None, errors)
                    return self.render_to_response(self.get_context_data(object=self.object, draft_form=form))
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Saved; the figures were refreshed from the records."))
            return redirect(self.object)
        return self.render_to_response(self.get_context_data(object=self.object, draft_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        user = self.request.user
        editable = submission.is_open_for_edit and submissions.can_file(submission, user)
        data = submission.figures
        context.update(
            tables=submission_output.form_tables(data),
            text=data.get("text", ""),
            editable=editable,
            draft_form=kwargs.get("draft_form") or (DraftForm(submission=submission) if editable else None),
            steps=submissions.allowed_steps(submission, user),
            filer=submissions.party_label(submission, submissions.party(submission, "filer")),
            reviewer=submissions.party_label(submission, submissions.party(submission, "reviewer")),
            rule=submission.period.chain,
            events=submission.events.select_related("actor"),
            findings=crosschecks.run(submissions.area_of(submission, submission.period), user)
            if submission.is_open_for_edit
            else [],
        )
        if submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
            context["differences"] = [
                {**d, "label": submission_output.label_of(submission.form, d["key"])}
                for d in submissions.compare(submission)
            ]
        return context


class SubmissionStepView(LoginRequiredMixin, View):
    """POST step (submit / return / accept) and comment. GET goes back to the submission."""

    def get(self, request, pk):
        return redirect(get_object_or_404(Submission.objects.visible_to(request.user), pk=pk))

    def post(self, request, pk):
        submission = get_object_or_404(Submission.objects.visible_to(request.user), pk=pk)
        step = request.POST.get("step", "")
        if step not in submissions.allowed_steps(submission, request.user):
            raise PermissionDenied(_("You may not take this step now."))
        try:
            submissions.perform(submission, step, actor=request.user, comment=request.POST.get("comment", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Done."))
        return redirect(submission)


SubmissionStepView.model = Submission  # lets the access sweep find this route's model


class CrossCheckView(LoginRequiredMixin, TemplateView):
    """Findings of the cross-record rules for a province (default: the user's own, or the country)."""

    template_name = "reports/checks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        text = self.request.GET.get("province", "").strip()
        asked = bool(text)
        if not text:
            own = submissions.filing_provinces(user).first()
            text = own.code if own else NATIONAL_CODE
        try:
            area = ReportArea.resolve(text, clock.today())
        except (UnitNotFound, AmbiguousUnit):
            context["error"] = _("No single province matches this name.")
            area = ReportArea.national(clock.today())
        else:
            if asked:
                check_scope(user, area)  # a province outside the user's scope: 403, not "no findings"
        findings = crosschecks.run(area, user)
        context.update(
            area=area.as_json(),
            findings=findings,
            rules=[
                (code, label, sum(1 for f in findings if f.rule == code))
                for code, label in crosschecks.RULES.items()
            ],
        )
        return context
