"""How pages and files leave the server: robots.txt keeps crawlers to the public hall, static
files are hashed, gzipped and cached for a year, pages are gzipped and PDFs are not, and every
page names itself to search engines (description) and phones (theme colour)."""

import gzip
import json
import os
import subprocess
import sys
import urllib.robotparser

import pytest

pytestmark = pytest.mark.django_db


def robots(client) -> urllib.robotparser.RobotFileParser:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


@pytest.mark.parametrize(
    "path",
    ["/", "/services/", "/services/440100-MZ-QR-108/", "/certificates/verify/", "/deadline/"],
)
def test_robots_txt_lets_crawlers_read_the_public_hall(client, path):
    assert robots(client).can_fetch("Googlebot", path)


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/workbench/",
        "/admin/",
        "/api/v1/cases/",
    ],
)
def test_robots_txt_keeps_crawlers_out_of_private_and_official_pages(client, path):
    assert not robots(client).can_fetch("Googlebot", path)
    assert not robots(client).can_fetch("*", path)


@pytest.mark.parametrize(
    "path",
    [
        "/my/",
        "/my/cases/",
        "/my/cases/440100-20261206-00001/",
        "/drafts/0d6f3c8e-3a5e-4a38-9d5e-6b1f5a0c2e11/review/",
    ],
)
def test_a_persons_own_pages_send_a_crawler_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_robots_txt_answers_head_and_refuses_post(client):
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405


def test_pages_carry_a_description_and_a_theme_colour(client):
    body = client.get("/").content.decode()
    assert '<meta name="description" content="' in body
    assert 'content=""' not in body.split('<meta name="description"')[1].split(">")[0]
    assert '<meta name="theme-color" content="#a61b1b">' in body


def test_pages_are_gzipped_for_browsers_that_accept_it(client):
    response = client.get("/services/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().startswith("<!DOCTYPE html>")
    plain = client.get("/services/")
    assert not plain.has_header("Content-Encoding")


def test_process_diagrams_xml_is_gzipped():
    """The guides fetch their BPMN diagram as application/xml."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from onewindow.core.compression import TextGZipMiddleware

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    xml = b"<definitions>" + b"<task/>" * 500 + b"</definitions>"
    response = TextGZipMiddleware(lambda request: None).process_response(
        request, HttpResponse(xml, content_type="application/xml")
    )
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == xml


def test_pdfs_and_api_answers_are_sent_as_they_are(client):
    """PDFs are compressed already; API answers keep their strong ETags for polling."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from onewindow.core.compression import TextGZipMiddleware

    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    middleware = TextGZipMiddleware(lambda request: None)
    pdf = HttpResponse(b"%PDF-1.7 " + b"0" * 4000, content_type="application/pdf")
    assert not middleware.process_response(request, pdf).has_header("Content-Encoding")
    answer = client.get("/api/v1/services/", HTTP_ACCEPT_ENCODING="gzip")
    assert answer.status_code == 200
    assert not answer.has_header("Content-Encoding")
    answer.json()


# Collects the static files as production does and fetches the stylesheet through the whole
# middleware stack (WhiteNoise), printing the headers of the plain and the gzip answers.
STATIC_PROBE = """
import json, django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
url = static("onewindow/css/site.css")
client = Client()
plain = client.get(url)
gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
b"".join(plain.streaming_content); b"".join(gzipped.streaming_content)
print("PROBE " + json.dumps({
    "url": url,
    "status": plain.status_code,
    "cache": plain.headers.get("Cache-Control"),
    "gzip_status": gzipped.status_code,
    "encoding": gzipped.headers.get("Content-Encoding"),
    "vary": gzipped.headers.get("Vary"),
}))
"""


@pytest.mark.parametrize(
    "env",
    [
        {
            "ONEWINDOW_ENV": "production",
            "ONEWINDOW_SECRET_KEY": "s" * 50,
            "ONEWINDOW_DATA_KEY": "ab" * 32,
            "ONEWINDOW_ALLOWED_HOSTS": "testserver",
            "ONEWINDOW_SSL_REDIRECT": "0",
        },
        # What bench/lighthouse.py serves: the demo with production's static files, no DEBUG
        # (with DEBUG, Django's manifest storage hands out unhashed names).
        {"ONEWINDOW_ENV": "dev", "ONEWINDOW_COLLECTED_STATIC": "1", "ONEWINDOW_DEBUG": "0"},
    ],
    ids=["production", "dev-collected"],
)
def test_static_files_are_hashed_gzipped_and_cached_for_a_year(tmp_path, env):
    result = subprocess.run(
        [sys.executable, "-c", STATIC_PROBE],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": os.pathsep.join(sys.path),
            "DJANGO_SETTINGS_MODULE": "onewindow.settings",
            "ONEWINDOW_VAR_DIR": str(tmp_path),
            "ONEWINDOW_LOG_LEVEL": "WARNING",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    probe = json.loads(result.stdout.split("PROBE ", 1)[1])
    # A content hash in the name, so a year's caching never serves a stale stylesheet.
    assert probe["url"].startswith("/static/onewindow/css/site.")
    assert probe["url"] != "/static/onewindow/css/site.css"
    assert probe["status"] == 200
    assert "max-age=315360000" in probe["cache"]
    assert "immutable" in probe["cache"]
    assert probe["gzip_status"] == 200
    assert probe["encoding"] == "gzip"
    assert "Accept-Encoding" in probe["vary"]


def test_without_collected_static_dev_serves_from_the_source_tree(client, settings):
    """The test and dev default: no collectstatic needed, files found where they are."""
    assert settings.WHITENOISE_USE_FINDERS
    response = client.get("/static/onewindow/css/site.css")
    assert response.status_code == 200
