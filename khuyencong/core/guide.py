"""The user guide: Vietnamese Markdown chapters in docs/guide/, one per role, shown as pages and as one PDF.

Each chapter is `docs/guide/NN-slug.md` (NN orders them; its first line `# Title` names it); its screenshots
are `img/<name>.png` beside it, taken by the browser test core/tests/test_e2e_guide.py, so the guide shows
the screens as they are. Pages are open to every visitor, signed in or not (they describe the system, no
data); the PDF uses the fonts of the official documents (core/pdf.py).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

GUIDE_DIR = settings.PROJECT_DIR / "docs" / "guide"
IMAGE_DIR = GUIDE_DIR / "img"
CHAPTER_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.md$")
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")
IMAGE_REF = re.compile(r"!\[[^\]]*\]\((img/[^)\s]+)")


@dataclass(frozen=True)
class Chapter:
    number: str
    slug: str
    title: str
    text: str

    def images(self):
        """The image paths the chapter refers to ("img/x.png"), in order."""
        return IMAGE_REF.findall(self.text)


def chapters():
    """Every chapter, in order of its number."""
    found = []
    for path in sorted(GUIDE_DIR.glob("*.md")):
        match = CHAPTER_FILE.match(path.name)
        if not match:
            continue
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.removeprefix("# ").strip() if first.startswith("# ") else match.group(2)
        found.append(Chapter(match.group(1), match.group(2), title, text))
    return found


@cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"typographer": False}).enable("table")


def to_html(chapter, image_base):
    """The chapter as HTML (the Markdown is ours, in the repository: trusted), its images under
    `image_base` ("/huong-dan/img/" on a page, a file URL in the PDF); the chapter title is left out (the
    page shows it)."""
    body = chapter.text.split("\n", 1)[1] if chapter.text.startswith("# ") else chapter.text
    html = _markdown().render(body)
    return mark_safe(html.replace('src="img/', f'src="{image_base}'))


class GuideMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chapters"] = chapters()
        return context


class GuideIndexView(GuideMixin, TemplateView):
    """The guide's contents: one chapter per role, and the PDF."""

    template_name = "core/guide/index.html"


class GuideChapterView(GuideMixin, TemplateView):
    template_name = "core/guide/chapter.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        all_chapters = context["chapters"]
        index = next((i for i, c in enumerate(all_chapters) if c.slug == kwargs["slug"]), None)
        if index is None:
            raise Http404
        chapter = all_chapters[index]
        context.update(
            chapter=chapter,
            body=to_html(chapter, reverse("guide-image", args=["x.png"]).removesuffix("x.png")),
            previous=all_chapters[index - 1] if index > 0 else None,
            next=all_chapters[index + 1] if index + 1 < len(all_chapters) else None,
        )
        return context


def guide_image(request, name):
    """A screenshot of the guide (names are checked: no path leaves docs/guide/img/)."""
    path = IMAGE_DIR / name
    if not IMAGE_NAME.match(name) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


def guide_document():
    """The whole guide laid out for print (a WeasyPrint document): a title page, the contents, each chapter
    from a new page."""
    from weasyprint import HTML

    parts = [(c, to_html(c, IMAGE_DIR.as_uri() + "/")) for c in chapters()]
    html = render_to_string("core/guide/pdf.html", {"parts": parts})
    return HTML(string=html, base_url=GUIDE_DIR.as_uri() + "/").render()


def guide_pdf(request):
    response = HttpResponse(guide_document().write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="huong-dan-khuyencong.pdf"'
    return response
