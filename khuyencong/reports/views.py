"""Report pages: the same `build`/`to_text` functions as `khuyencong report`, scoped to the user."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from khuyencong.core.text import fold
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound
from khuyencong.reports import output
from khuyencong.reports.common import OutsideScope
from khuyencong.reports.kinds import KINDS


class ReportForm(forms.Form):
    province = forms.CharField(label=_("Province"), help_text=_("Code or name, e.g. dak nong"))
    boundaries = forms.DateField(label=_("By the boundaries of"), required=False)


class ClusterReportForm(ReportForm):
    as_of = forms.DateField(label=_("As of"), required=False)


class PromotionReportForm(ReportForm):
    from_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    to_year = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_year") and cleaned.get("to_year") and cleaned["from_year"] > cleaned["to_year"]:
            raise forms.ValidationError(_("The first year must not be after the last year."))
        return cleaned


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "reports/home.html"


class ReportView(LoginRequiredMixin, TemplateView):
    """Reads the form from the query string, resolves the province and builds the report for the user.

    `?download=xlsx|pdf` queues a background job (khuyencong.imports.jobs) and sends the user to its
    page, which offers the file when it is ready: the job sets this same view up again as the same user
    with the same query string and calls `write_output`, which builds the report with the same code."""

    form_class = None
    kind = None  # a key of reports.kinds.KINDS
    title = None
    output_formats = ("xlsx", "pdf")

    def get(self, request, *args, **kwargs):
        download = request.GET.get("download")
        if download in self.output_formats:
            form, area, _params = self.report_inputs()
            if area is not None:
                return self.download_in_background(request, download, area)
        return self.render_to_response(self.get_context_data(**kwargs))

    def download_in_background(self, request, fmt, area):
        from khuyencong.imports.choices import JobKind
        from khuyencong.imports.jobs import start_output_job

        where = area.as_json()["name"]
        title = f"{self.title} — {where}"
        job = start_output_job(request, JobKind.REPORT, fmt=fmt, title=title, drop=("download",))
        return redirect("imports:job", pk=job.pk)

    def report_inputs(self):
        """(form, area, params) read from the query string; area is None (and the form says why) when the
        form is not filled in or names no single province."""
        form = self.form_class(self.request.GET or None)
        if not (form.is_bound and form.is_valid()):
            return form, None, None
        kind = KINDS[self.kind]
        params = kind.params(form.cleaned_data)
        try:  # a province outside the user's scope: OutsideScope (403), not empty figures
            area = kind.area(
                form.cleaned_data["province"], form.cleaned_data["boundaries"], params, self.request.user
            )
        except (UnitNotFound, AmbiguousUnit):
            form.add_error("province", _("No single province matches this name."))
            return form, None, None
        return form, area, params

    def build_report(self, area, params):
        """(data, text): the figures as `khuyencong report --format json` gives them, and the narrative."""
        return KINDS[self.kind].build(area, params, self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, area, params = self.report_inputs()
        context["form"] = form
        if area is not None:
            context["data"], context["text"] = self.build_report(area, params)
        return context

    def write_output(self, fmt, target, progress):
        """Write the report as `fmt` to the path `target` (a background job); returns the file name."""
        from khuyencong.imports.jobs import JobRefused

        try:
            form, area, params = self.report_inputs()
        except OutsideScope as exc:
            raise JobRefused(f"{exc.vi} / {exc.en}") from exc
        if area is None:
            errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
            raise JobRefused(f"Không lập được báo cáo: {errors} / The report cannot be made: {errors}")
        progress.start(2, phase="building")
        data, text = self.build_report(area, params)
        progress(1)
        progress.phase("rendering")
        content = output.to_xlsx(self.kind, data) if fmt == "xlsx" else output.to_pdf(self.kind, data, text)
        with open(target, "wb") as handle:
            handle.write(content)
        progress(1)
        return f"bao-cao-{self.kind}-{slugify(fold(data['province']['name']))}.{fmt}"


class ClusterReportView(ReportView):
    template_name = "reports/cluster_report.html"
    form_class = ClusterReportForm
    kind = "clusters"
    title = _("Industrial cluster report")


class PromotionReportView(ReportView):
    template_name = "reports/promotion_report.html"
    form_class = PromotionReportForm
    kind = "promotion"
    title = _("Promotion report")
