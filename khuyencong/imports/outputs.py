"""What an export or report job produces: the page's own view, run again as the job's user.

The job records the path and query string of the page that asked (a list with `?export=`, a report page
with `?download=`). `view_for` resolves that path to its view and sets it up with a GET request carrying
the job's user, exactly as the page was; the view then writes the file (`write_output`), so scoping,
filters and report figures go through the one code path the page uses.
"""

from django.test import RequestFactory
from django.urls import Resolver404, resolve

from .jobs import JobRefused


def view_for(job):
    """The view of the page the job was asked from, set up with the job's query string and user."""
    path, query = job.params.get("path", ""), job.params.get("query", "")
    try:
        match = resolve(path)
    except Resolver404 as exc:
        raise JobRefused(
            f"Không có trang nào tạo được tệp này: {path} / No page can produce this file: {path}"
        ) from exc
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not callable(getattr(view_class, "write_output", None)):
        raise JobRefused(
            f"Trang {path} không tạo được tệp để tải về / The page {path} does not produce files"
        )
    if not job.user.is_active:
        raise JobRefused("Tài khoản đã bị khóa / The account is disabled")
    request = RequestFactory().get(f"{path}?{query}" if query else path)
    request.user = job.user
    view = view_class(**match.func.view_initkwargs)
    view.setup(request, *match.args, **match.kwargs)
    return view


def produce(job, target, progress):
    """Write the job's file to the path `target`; returns the file name to download it as."""
    fmt = job.format
    view = view_for(job)
    if fmt not in getattr(view, "output_formats", ()):
        raise JobRefused(f"Định dạng không được hỗ trợ: {fmt} / Unsupported format: {fmt}")
    return view.write_output(fmt, target, progress)
