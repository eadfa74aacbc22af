"""The offline survey screen for phones: its data, the service worker and the web app manifest."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from khuyencong.core.scoping import access_scope
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit

from ..choices import AssignmentStatus
from ..models import SurveyAssignment, SurveyForm
from .base import is_collaborator_only, takes_part_in_surveys

MAX_FACILITIES_OFFLINE = 1000


def collect_data(user):
    """What the phone needs to work with no signal: forms, own open assignments, establishments and
    communes it may survey (with the registry version it is based on)."""
    forms = [
        {"id": f.pk, "title": f.title, "version": f.version, "purpose": f.purpose, "fields": f.fields}
        for f in SurveyForm.objects.visible_to(user).filter(is_active=True).order_by("code", "-version")
    ]
    assignments = SurveyAssignment.objects.visible_to(user).filter(status=AssignmentStatus.ASSIGNED)
    if is_collaborator_only(user):
        assignments = assignments.owned_by(user)
    assignments = (
        assignments.select_related("commune").prefetch_related("facilities").order_by("due_date")[:200]
    )
    facilities = list(
        Facility.objects.visible_to(user)
        .select_related("commune")
        .order_by("name", "id")[:MAX_FACILITIES_OFFLINE]
    )
    versions = _latest_versions(facilities)
    scope = access_scope(user)
    commune_ids = set()
    for grant in scope.grants:
        commune_ids |= grant.communes
    communes = AdminUnit.objects.communes().filter(pk__in=commune_ids, valid_to__isnull=True).order_by("name")
    return {
        "forms": forms,
        "assignments": [
            {
                "id": a.pk,
                "label": str(a),
                "form": a.form_id,
                "purpose": a.purpose,
                "commune": a.commune_id,
                "facilities": [f.pk for f in a.facilities.all()],
            }
            for a in assignments
        ],
        "facilities": [
            {
                "id": f.pk,
                "name": f.name,
                "commune": f.commune_id,
                "commune_name": f.commune.name if f.commune else "",
                "version": versions.get(f.pk, 0),
            }
            for f in facilities
        ],
        "communes": [{"id": c.pk, "name": c.full_name} for c in communes],
    }


def _latest_versions(facilities):
    from django.db.models import Max

    history = Facility.history.model
    rows = (
        history.objects.filter(id__in=[f.pk for f in facilities])
        .values("id")
        .annotate(last=Max("history_id"))
    )
    return {row["id"]: row["last"] for row in rows}


class CollectView(LoginRequiredMixin, TemplateView):
    """The installable survey screen (manifest + service worker); works offline from its cache."""

    template_name = "surveys/collect.html"
    allows = staticmethod(takes_part_in_surveys)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            collect=collect_data(self.request.user),
            collect_config={
                "syncUrl": reverse("survey-response-sync") if _has_api() else "",
                "swUrl": reverse("surveys:service-worker"),
                "scope": reverse("surveys:collect"),
                "messages": offline_messages(),
            },
            **kwargs,
        )


def _has_api():
    from django.urls import NoReverseMatch

    try:
        reverse("survey-response-sync")
    except NoReverseMatch:
        return False
    return True


def offline_messages():
    return {
        "online": _("Online"),
        "offline": _("Offline: surveys are kept on this phone"),
        "queued": _("Saved on the phone; it will be sent when there is signal."),
        "sent": _("Sent"),
        "waiting": _("Waiting to send"),
        "error": _("Not accepted"),
        "signin": _("Sign in again to send the saved surveys."),
        "required": _("This answer is required."),
        "noPosition": _("No GPS position yet"),
        "position": _("Position"),
        "locating": _("Finding the position…"),
        "positionFailed": _("The position could not be read; the survey can be saved without it."),
        "yes": _("Yes"),
        "no": _("No"),
        "choose": _("— choose —"),
        "nothingQueued": _("No survey waiting."),
        "pickForm": _("Pick a form."),
        "pickPlace": _("Pick an establishment or a commune."),
        "newFacility": _("A new establishment (not in the registry)"),
        "none": _("— none —"),
    }


class ServiceWorkerView(LoginRequiredMixin, View):
    """The service worker script (static/js/sw.js) served under /surveys/ so it may control the survey
    screen, with the list of files to keep for offline use."""

    def get(self, request):
        path = finders.find("js/sw.js")
        if not path:
            raise Http404
        with open(path, encoding="utf-8") as handle:
            script = handle.read()
        precache = [
            reverse("surveys:collect"),
            reverse("surveys:manifest"),
            static("js/survey-offline.js"),
            static("css/survey-offline.css"),
            static("vendor/pico/pico-2.1.1.min.css"),
            static("css/app.css"),
            static("js/app.js"),
            static("favicon.svg"),
        ]
        config = {"precache": precache, "version": _static_version(precache)}
        body = f"self.SW_CONFIG = {json.dumps(config)};\n{script}"
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        response["Service-Worker-Allowed"] = reverse("surveys:home")
        response["Cache-Control"] = "no-cache"
        return response


def _static_version(urls):
    """Changes when any of the offline files changes, so phones pick up new versions."""
    import hashlib
    import os

    digest = hashlib.sha256()
    for name in ("js/sw.js", "js/survey-offline.js", "css/survey-offline.css"):
        path = finders.find(name)
        if path:
            digest.update(str(os.path.getmtime(path)).encode())
    digest.update("|".join(urls).encode())
    return digest.hexdigest()[:12]


class ManifestView(LoginRequiredMixin, View):
    """Web app manifest: the survey screen can be installed on the phone's home screen."""

    def get(self, request):
        data = {
            "name": _("Industrial promotion survey"),
            "short_name": _("Survey"),
            "start_url": reverse("surveys:collect"),
            "scope": reverse("surveys:collect"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1d6fa5",
            "lang": get_language() or "vi",
            "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        }
        return JsonResponse(
            data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
        )
