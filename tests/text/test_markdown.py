"""Markdown: raw HTML is text, unsafe links are not links, typography reaches prose only."""

from metier.text.markdown import cut, markdown, text
from metier.text.typography import NBSP, NNBSP


def test_paragraphs_lists_and_emphasis():
    html = str(markdown("Un **point** : ici.\n\n- un\n- deux"))
    assert html == f"<p>Un <strong>point</strong>{NBSP}: ici.</p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n"


def test_raw_html_is_escaped_not_interpreted():
    html = str(markdown("<script>alert(1)</script> et <b>gras</b>"))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_unsafe_link_schemes_are_not_links():
    html = str(markdown("[clic](javascript:alert(1)) [ok](https://example.org)"))
    assert 'href="javascript' not in html
    assert '<a href="https://example.org">ok</a>' in html


def test_code_and_link_targets_are_not_typeset():
    html = str(markdown("`a : b ; c` et <https://example.org/x?y=z>"))
    assert "<code>a : b ; c</code>" in html
    assert 'href="https://example.org/x?y=z"' in html
    assert NNBSP not in html and NBSP not in html


def test_headings_are_demoted_below_the_layout_headings():
    assert str(markdown("# Titre")).startswith("<h3>")


def test_inline_and_plain_text():
    assert str(markdown("Un *mot* ?", inline=True)) == f"Un <em>mot</em>{NNBSP}?"
    assert str(text("A & B : <x>")) == f"A &amp; B{NBSP}: &lt;x&gt;"


def test_cut_keeps_whole_sentences_and_says_there_is_more():
    text_ = "Première phrase courte. Deuxième phrase, un peu plus longue ! Troisième ? Quatrième et dernière."
    assert cut(text_, 500) == (text_, False)
    assert cut(text_, 70) == ("Première phrase courte. Deuxième phrase, un peu plus longue ! …", True)
    assert cut(text_, 10) == ("Première phrase courte. …", True)  # never inside a sentence
    assert cut("Une seule phrase bien trop longue pour la place.", 10) == ("Une seule phrase bien trop longue pour la place.", False)


def test_cut_takes_the_lead_paragraph_and_cuts_a_list_between_items():
    assert cut("Le premier paragraphe.\n\nLe second.", 100) == ("Le premier paragraphe.", False)
    cut_list, was_cut = cut("- un premier point assez long\n- un deuxième point\n- un troisième", 40)
    assert was_cut and cut_list == "- un premier point assez long\n\n…"
