"""The preview beside each Markdown text area: the library's Markdown stage, escaped and safe."""

from __future__ import annotations

import pytest

from metier.studio.mdpreview import MAX_MARKDOWN, rendered
from tests.studio.helpers import HEADERS, client

PROFILE = "profiles/prompt-engineer.yaml"


@pytest.fixture
def studio(sample):
    return client(sample)


def preview(studio, text: str, field: str = "job", headers=HEADERS, **more):
    return studio.post("/markdown", data={"field": field, field: text, **more}, headers=headers)


def test_the_text_is_rendered_as_the_pages_print_it(studio):
    response = preview(studio, "Le **prompt** : un *art*.\n\n- un\n- deux")
    assert response.status_code == 200
    html = response.text
    assert "<strong>prompt</strong>\u00a0:" in html  # French typography: a no-break space before the colon
    assert "<em>art</em>" in html and "<li>un</li>" in html


def test_the_field_named_is_the_one_rendered(studio):
    html = preview(studio, "**missions**", field="missions", job="**job**").text
    assert "<strong>missions</strong>" in html and "job" not in html


def test_raw_html_and_script_links_are_shown_as_text(studio):
    html = preview(studio, '<script>alert(1)</script> <img src=x onerror=alert(2)> [lien](javascript:alert(3))').text
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://onisep.fr">' in preview(studio, "[ONISEP](https://onisep.fr)").text


def test_an_empty_text_says_so(studio):
    assert "Aperçu du texte : vide." in preview(studio, "").text
    assert "Aperçu du texte : vide." in studio.post("/markdown", data={"job": "x"}, headers=HEADERS).text


def test_a_text_over_the_limit_is_not_rendered(studio):
    response = preview(studio, "a" * (MAX_MARKDOWN + 1))
    assert response.status_code == 422
    assert f"This text is {MAX_MARKDOWN + 1} characters long, more than the {MAX_MARKDOWN} a text may have" \
        in response.text
    assert rendered("a" * (MAX_MARKDOWN + 1)) is None


def test_the_preview_needs_the_studios_own_page(sample):
    assert preview(client(sample), "x", headers={"Origin": "http://evil.example"}).status_code == 403
    assert preview(client(sample, token=False), "x").status_code == 401


def test_every_text_area_of_the_form_has_its_preview(studio):
    html = studio.get(f"/edit/{PROFILE}").text
    areas = html.count("<textarea id=\"f-")
    assert areas >= 10
    assert html.count('hx-post="/markdown"') == areas
    assert html.count('class="md-preview"') == areas
    assert "hx-vals='js:{field: this.name}'" in html
