"""Upload → preview (dry run) → confirm → background job with progress → result (logic: jobs, services);
the pages of export and report jobs (progress, then the file to download) and the user's list of jobs."""

import io

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views import View

from khuyencong.core.importing import ImportErrorList
from khuyencong.core.importing.annotate import errors_workbook_name, write_errors_workbook
from khuyencong.core.importing.formats import FormatError

from . import jobs
from .choices import JobKind, JobStatus
from .forms import UploadForm
from .models import Job
from .sheets.base import editable_province_ids
from .template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_import(user):
    provinces = editable_province_ids(user)
    return provinces is None or bool(provinces)


def _own_jobs(user):
    """The jobs `user` may open: their own (a superuser: all)."""
    return Job.objects.visible_to(user)


class UploadView(LoginRequiredMixin, View):
    template_name = "imports/upload.html"
    allows = staticmethod(_may_import)  # the menu asks this (core/navigation.py)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, refused=None, status=200):
        context = {
            "form": form,
            "refused": refused,
            "jobs": _own_jobs(request.user).filter(kind=JobKind.IMPORT).select_related("user")[:20],
            "max_mb": jobs.max_bytes() // (1024 * 1024),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, UploadForm())

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            job = jobs.create_preview(
                form.cleaned_data["file"],
                request.user,
                include_hidden=form.cleaned_data["include_hidden"],
                sheet=form.cleaned_data["sheet"] or None,
            )
        except ImportErrorList as exc:
            return self._render(request, form, refused=exc.report.lines(), status=400)
        return redirect("imports:job", pk=job.pk)


class JobListView(LoginRequiredMixin, View):
    """The user's recent jobs of every kind (imports, exports, reports), newest first."""

    def get(self, request):
        jobs_ = Job.objects.filter(user=request.user).defer("messages", "result")[:50]
        return render(request, "imports/job_list.html", {"jobs": jobs_, "days": jobs.output_days()})


class JobView(LoginRequiredMixin, View):
    """The preview, the progress of a running job, or its result."""

    model = Job  # the access sweep (core/tests/test_access_sweep.py) tries other users' jobs here

    def get(self, request, pk):
        job = get_object_or_404(_own_jobs(request.user), pk=pk)
        context = {
            "job": job,
            "output_days": jobs.output_days(),
            "errors_workbook": jobs.has_errors_workbook(job),
        }
        return render(request, "imports/job.html", context)


class JobConfirmView(LoginRequiredMixin, View):
    model = Job

    def get(self, request, pk):
        """Only POST confirms; a GET (a reload) goes back to the job's page."""
        job = get_object_or_404(_own_jobs(request.user), pk=pk)
        return redirect("imports:job", pk=job.pk)

    def post(self, request, pk):
        job = get_object_or_404(_own_jobs(request.user).filter(user=request.user), pk=pk)
        with transaction.atomic():
            jobs.confirm(job)
        return redirect("imports:job", pk=job.pk)


class JobStatusView(LoginRequiredMixin, View):
    """The progress fragment polled by htmx; once the job is finished the page reloads to show the result."""

    model = Job

    def get(self, request, pk):
        job = get_object_or_404(_own_jobs(request.user), pk=pk)
        response = render(request, "imports/_job_status.html", {"job": job})
        if job.finished and getattr(request, "htmx", False):
            response["HX-Redirect"] = reverse("imports:job", args=[job.pk])
        return response


class JobDownloadView(LoginRequiredMixin, View):
    """The file an export or report job produced, to its owner only (uploads are never public)."""

    model = Job

    def get(self, request, pk):
        job = get_object_or_404(_own_jobs(request.user), pk=pk)
        if job.status != JobStatus.SUCCEEDED or not job.output:
            raise Http404
        try:
            handle = job.output.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        return FileResponse(
            handle, as_attachment=True, filename=job.filename or job.output.name.rsplit("/")[-1]
        )


class JobErrorsDownloadView(LoginRequiredMixin, View):
    """A refused import's own file with its errors marked (annotate.py), built from the kept upload; to
    whoever may open the job (its uploader; a superuser)."""

    model = Job

    def get(self, request, pk):
        job = get_object_or_404(_own_jobs(request.user), pk=pk)
        if not jobs.has_errors_workbook(job):
            raise Http404
        buffer = io.BytesIO()
        try:
            with job.file.open("rb") as handle:
                write_errors_workbook(
                    handle,
                    job.result.get("issues", ()),
                    buffer,
                    headers=job.result.get("headers"),
                    language="vi" if (translation.get_language() or "vi").startswith("vi") else "en",
                    error_count=job.result.get("error_count"),
                )
        except (FileNotFoundError, FormatError) as exc:
            raise Http404 from exc
        buffer.seek(0)
        return FileResponse(
            buffer, as_attachment=True, filename=errors_workbook_name(job.filename), content_type=XLSX
        )


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(build_template(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="khuyencong-mau-nhap.xlsx"'
        return response
