"""Render a template to PDF bytes with WeasyPrint (service sheets, receipts, reports).

Templates extend `pdf/_base.html` (A4, DejaVu Sans, page numbers, the municipality's
name and crest). Images and stylesheets load only from the project's static files:
rendering never reaches the network.

Every PDF is tagged PDF/UA-1, so that a screen reader reads it in order: WeasyPrint
builds the structure tree from the HTML (h1-h6, p, lists, tables with th, img with
its alt, inline SVG with its <title>), takes the language from <html lang> and the
title from <title>, and marks backgrounds and borders as artifacts. So the templates
keep headings without gaps, give every image or chart a text alternative, and draw
decorative images (the crest) as CSS backgrounds.
"""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import get_language

# Tagged, with its language and title, for screen readers (EN 301 549 clause 10).
PDF_VARIANT = "pdf/ua-1"


def _static_file(path: str) -> Path | None:
    """Return the file for a static URL path like `/static/img/crest.svg`, or None."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    relative = unquote(path.removeprefix(prefix))
    found = finders.find(relative)
    if found:
        return Path(found)
    in_root = Path(settings.STATIC_ROOT) / relative
    root = Path(settings.STATIC_ROOT).resolve()
    if in_root.resolve().is_relative_to(root) and in_root.is_file():
        return in_root
    return None


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render `template_name` with `context` in the active language; return the PDF.

    The PDF is tagged PDF/UA-1, in the active language, titled by the template's
    `title` block.
    """
    from weasyprint import HTML  # slow import (~0.7 s): only when a PDF is made
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            file = _static_file(urlsplit(url).path)
            if file is None:
                raise ValueError(f"PDF rendering loads static files only: {url}")
            content_type = (
                mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            )
            return URLFetcherResponse(
                url, file.read_bytes(), headers={"Content-Type": content_type}
            )

    language = get_language() or settings.LANGUAGE_CODE
    names = settings.MUNICIPALITY_NAME
    base_context = {
        "LANGUAGE_CODE": language,
        "municipality_name": names.get(language[:2], names["bg"]),
        "municipality_crest": settings.MUNICIPALITY_CREST,
    }
    html = render_to_string(template_name, {**base_context, **context})
    document = HTML(
        string=html,
        base_url=settings.SITE_URL + "/",
        url_fetcher=StaticOnlyFetcher(),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
