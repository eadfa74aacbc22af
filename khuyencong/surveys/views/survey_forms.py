"""The survey forms (versioned definitions of the questions)."""

from khuyencong.core.views import ScopedDetailView, ScopedListView

from ..models import SurveyForm


class FormListView(ScopedListView):
    model = SurveyForm
    template_name = "surveys/form_list.html"
    queryset = SurveyForm.objects.order_by("code", "-version")


class FormDetailView(ScopedDetailView):
    model = SurveyForm
    template_name = "surveys/form_detail.html"
