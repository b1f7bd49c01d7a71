"""HTML to tagged PDF (PDF/UA-1) with WeasyPrint, fetching nothing: the renderer may read
only data: URLs, so no template can make the server read a file or call an address.

WeasyPrint needs Pango at run time (README, "Order documents"). It is imported only here,
when a PDF is asked for, so the rest of the portal runs on a machine without Pango.
"""

from __future__ import annotations

import logging

# WeasyPrint logs each layout step at INFO; what it refuses to fetch still logs as a warning.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfUnavailable(Exception):
    """The PDF renderer cannot run on this machine (its system libraries are missing)."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except OSError as exc:  # Pango missing: WeasyPrint loads it when imported
        raise PdfUnavailable(
            "PDFs cannot be made on this server: WeasyPrint's system libraries (Pango) are "
            "not installed. The HTML version is available."
        ) from exc
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=2)
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return pdf
