"""Report pages: the same `build`/`to_text` functions as `khuyencong report`, scoped to the user."""

from datetime import date
from importlib import import_module

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from khuyencong.core.text import fold
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound
from khuyencong.reports import output
from khuyencong.reports.common import ReportArea

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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

    `?download=xlsx|pdf` returns the same report as a workbook or an official-layout PDF."""

    form_class = None
    module = None
    kind = None

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        download = request.GET.get("download")
        if download in {"xlsx", "pdf"} and "data" in context:
            data = context["data"]
            name = f"bao-cao-{self.kind}-{slugify(fold(data['province']['name']))}"
            if download == "xlsx":
                content, mime = output.to_xlsx(self.kind, data), XLSX_MIME
            else:
                content, mime = output.to_pdf(self.kind, data, context["text"]), "application/pdf"
            response = HttpResponse(content, content_type=mime)
            response["Content-Disposition"] = f'attachment; filename="{name}.{download}"'
            return response
        return self.render_to_response(context)

    def params(self, cleaned):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.form_class(self.request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            params, default_boundaries = self.params(form.cleaned_data)
            try:
                area = ReportArea.resolve(
                    form.cleaned_data["province"], form.cleaned_data["boundaries"] or default_boundaries
                )
            except (UnitNotFound, AmbiguousUnit):
                form.add_error("province", _("No single province matches this name."))
                return context
            module = import_module(self.module)
            context["data"] = data = module.build(area, user=self.request.user, **params)
            context["text"] = module.to_text(data)
        return context


class ClusterReportView(ReportView):
    template_name = "reports/cluster_report.html"
    form_class = ClusterReportForm
    kind = "clusters"
    module = "khuyencong.reports.cluster_report"

    def params(self, cleaned):
        as_of = cleaned["as_of"] or date.today()
        return {"as_of": as_of}, as_of


class PromotionReportView(ReportView):
    template_name = "reports/promotion_report.html"
    form_class = PromotionReportForm
    kind = "promotion"
    module = "khuyencong.reports.promotion_report"

    def params(self, cleaned):
        end = min(date(cleaned["to_year"], 12, 31), date.today())
        return {"from_year": cleaned["from_year"], "to_year": cleaned["to_year"]}, end
