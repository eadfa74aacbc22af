"""`{% survey_origin project %}`: on a đề án page, the survey responses it was drafted from."""

from django import template

from khuyencong.surveys.models import SurveyResponse

register = template.Library()


@register.inclusion_tag("surveys/_survey_origin.html", takes_context=True)
def survey_origin(context, project):
    user = context["request"].user
    responses = SurveyResponse.objects.visible_to(user).filter(project=project).select_related("form")
    return {"responses": list(responses)}
