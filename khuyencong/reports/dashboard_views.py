"""Dashboard pages (signed-in users, scoped) and the public cluster catalogue (no sign-in)."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from khuyencong.core import clock
from khuyencong.geography.models import AdminUnit
from khuyencong.geography.services import AmbiguousUnit, UnitNotFound
from khuyencong.reports import catalogue, dashboard
from khuyencong.reports.common import check_scope

CATALOGUE_PAGE_SIZE = 50


class DashboardForm(forms.Form):
    province = forms.CharField(label=_("Province"), required=False, widget=forms.Select)
    boundaries = forms.DateField(
        label=_("By the boundaries of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    year = forms.IntegerField(label=_("Plan year"), required=False, min_value=2000, max_value=2100)

    def set_province_choices(self, user, boundaries, selected=None):
        """Provinces valid on the boundaries date that the user's roles reach (all for central)."""
        units = list(
            AdminUnit.objects.provinces().valid_on(boundaries).within_scope_of(user).order_by("name")
        )
        if selected is not None and selected.pk not in {unit.pk for unit in units}:
            units.append(selected)  # a former province asked by name or code
        everything = _("Whole country") if dashboard.sees_everything(user) else _("Everything I may see")
        self.fields["province"].widget.choices = [("", everything)] + [(u.code, u.name) for u in units]


class DashboardView(LoginRequiredMixin, TemplateView):
    """`/reports/dashboard/`: the user's own province (or the country for the central agency);
    `?province=` (code or name), `?boundaries=YYYY-MM-DD` and `?year=` change it."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = DashboardForm(self.request.GET or None)
        context["form"] = form
        cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
        boundaries = cleaned.get("boundaries") or clock.today()
        if form.is_bound and form.errors:
            form.set_province_choices(user, boundaries)
            return context
        try:
            area = dashboard.resolve_area(user, cleaned.get("province"), boundaries)
        except (UnitNotFound, AmbiguousUnit):
            form.add_error("province", _("No single province matches this name."))
            form.set_province_choices(user, boundaries)
            return context
        if cleaned.get("province") and area.report_area is not None:
            check_scope(user, area.report_area)  # a named province outside the user's scope: 403
        form.set_province_choices(user, boundaries, area.province)
        if area.province is not None:
            # Show the resolved province as selected, also when it was typed as a name or is the default.
            if form.is_bound:
                form.data = form.data.copy()
                form.data["province"] = area.province.code
            else:
                form.initial["province"] = area.province.code
        data = dashboard.build(area, user, cleaned.get("year"))
        context.update(
            area=area,
            data=data,
            charts=dashboard.charts(data),
            located=len(data["points"]),
            grid=dashboard.province_grid(
                area, data["provinces"], self.request.GET.get("map"), cleaned.get("year")
            ),
        )
        return context


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces"))] + [
            (unit.code, unit.name) for unit in catalogue.current_provinces()
        ]


def _catalogue_queryset(request):
    form = CatalogueForm(request.GET or None)
    if form.is_bound and form.is_valid():
        clusters = catalogue.published_clusters(form.cleaned_data["q"], form.cleaned_data["province"])
    else:
        clusters = catalogue.published_clusters()
    return form, clusters


class CatalogueView(TemplateView):
    """`/catalogue/`: public, no sign-in; only `catalogue.PUBLIC_FIELDS` are shown."""

    template_name = "reports/catalogue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, clusters = _catalogue_queryset(self.request)
        # Paginate the ids only, so no column outside PUBLIC_FIELDS is ever loaded for the page.
        page = Paginator(clusters.values_list("pk", flat=True), CATALOGUE_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            form=form,
            page_obj=page,
            rows=catalogue.rows(clusters.filter(pk__in=list(page.object_list))),
            fields=catalogue.PUBLIC_FIELDS,
            querystring=params.urlencode(),
        )
        return context


class CatalogueDataView(View):
    """`/catalogue/data.json`: the same rows as JSON (the whole filtered catalogue, public fields only)."""

    def get(self, request):
        form, clusters = _catalogue_queryset(request)
        if form.is_bound and not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        rows = [catalogue.as_json(row) for row in catalogue.rows(clusters)]
        response = JsonResponse({"fields": list(catalogue.PUBLIC_KEYS), "count": len(rows), "results": rows})
        response["Access-Control-Allow-Origin"] = "*"
        return response
