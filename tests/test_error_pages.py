"""Error pages: translated, in the platform's layout, and without stack traces or secrets."""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import include, path

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError(f"internal detail {settings.SECRET_KEY}")


urlpatterns = [path("broken/", broken_view), path("", include("onewindow.urls"))]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "出错了"), ("en", "Something went wrong")]
)
def test_a_server_error_shows_no_trace_or_secret(language, title):
    response = Client(raise_request_exception=False).get("/broken/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    body = response.content.decode()
    assert title in body
    for leak in ("Traceback", "RuntimeError", "internal detail", settings.SECRET_KEY, "SECRET"):
        assert leak not in body


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "页面不存在"), ("en", "Page not found")]
)
def test_a_missing_page_is_a_translated_page_of_the_platform(client, language, title):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    body = response.content.decode()
    assert f"<h1>{title}</h1>" in body
    assert 'class="site-header"' in body
