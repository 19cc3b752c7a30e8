"""The catalogue's search over HTTP: grouped results with reasons, did-you-mean, examples when
nothing matches, and the suggestion listbox for htmx (a redirect without it)."""

from django.urls import reverse

from tests.conftest import zh

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_results_are_grouped_and_say_why_they_matched(client, catalogue):
    page = client.get(reverse("portal:catalogue"), {"q": "领证"}).content.decode()
    assert zh("Best matches") in page
    first = page.index('class="item-row search-result"')
    assert "内地居民结婚登记" in page[first : first + 400]
    # The Chinese words are marked as such (an English page quotes them the same way).
    assert '<span lang="zh-Hans">领证</span> → <span lang="zh-Hans">结婚登记</span>' in page


def test_a_typing_mistake_shows_did_you_mean(client, catalogue):
    page = client.get(reverse("portal:catalogue"), {"q": "营业直照"}).content.decode()
    assert 'class="notice search-correction"' in page
    assert "<strong>营业执照</strong>" in page


def test_nothing_found_offers_examples_and_the_browse_tiles(client, catalogue):
    page = client.get(reverse("portal:catalogue"), {"q": "zzqxj"}).content.decode()
    assert 'href="?q=%E9%A2%86%E8%AF%81"' in page  # 领证
    assert 'id="events-title"' in page


def test_suggestions_are_an_accessible_listbox_for_htmx(client, catalogue):
    response = client.get(reverse("portal:search-suggest"), {"q": "jhdj"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<ul id="search-suggestions" class="suggestions" role="listbox"')
    assert html.count('role="option"') <= 8
    assert 'data-href="/services/440100-MZ-QR-107/"' in html.split('role="option"')[1]


def test_an_empty_query_suggests_nothing(client, catalogue):
    html = client.get(reverse("portal:search-suggest"), {"q": " "}, **HTMX).content.decode()
    assert 'role="option"' not in html
    assert " hidden" in html


def test_without_javascript_the_suggest_url_leads_to_the_results(client, catalogue):
    response = client.get(reverse("portal:search-suggest"), {"q": "领证"})
    assert response.status_code == 302
    assert response["Location"] == "/services/?q=%E9%A2%86%E8%AF%81"


def test_a_query_is_shown_as_text_never_as_markup(client, catalogue):
    q = '<script>alert(1)</script>结昏登记"'
    page = client.get(reverse("portal:catalogue"), {"q": q}).content.decode()
    assert "<script>alert(1)" not in page
    suggestions = client.get(reverse("portal:search-suggest"), {"q": q}, **HTMX).content
    assert b"<script>alert" not in suggestions


def test_the_search_box_include_gets_the_catalogue_with_q():
    from django.template.loader import render_to_string

    html = render_to_string("portal/_search_box.html", {"q": "领证"})
    assert '<form method="get" action="/services/"' in html
    assert 'name="q" value="领证"' in html
    assert 'role="combobox"' in html
    assert 'hx-get="/services/suggest/"' in html
    assert 'type="submit"' in html
