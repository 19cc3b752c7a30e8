"""Pages leave gzipped when the browser accepts it (HTML is most of a page's bytes on a phone).

Only text answers are compressed, ``text/*`` (pages, CSV, calendars) and XML (the BPMN process
diagrams the guides draw: ``application/xml``, ``*+xml``). Left as they are:
- PDFs, images and uploads are compressed already; gzip would only cost CPU on them;
- API answers (JSON) go as they are: gzip turns their strong ETags weak (the status API's
  polling relies on them), and API clients and a TLS proxy in front negotiate their own.
Static files never get here: WhiteNoise, above this middleware, serves them pre-compressed.
Django's GZipMiddleware pads every answer with a random number of bytes against BREACH, and
CSRF tokens are masked afresh on each page, so compression gives no secret away.
"""

from django.middleware.gzip import GZipMiddleware


def compressible(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind == "application/xml" or kind.endswith("+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
