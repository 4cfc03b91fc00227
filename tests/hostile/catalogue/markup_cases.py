"""Raw HTML and dangerous links in what users write: shown as text, never interpreted.

Markdown fields are rendered with raw HTML off and only http(s) and mailto
links; plain text fields are escaped; text that reaches the CSS of running
headers is written as a CSS string. Each case renders the sheet of
``profiles/hostile.yaml`` as HTML and looks into it.
"""

from __future__ import annotations

from tests.hostile.catalogue import SHEET_HTML, WROTE_HTML, Case, Step
from tests.hostile.catalogue.base import CAMPUS, PROFILE, vary

P = "profiles/hostile.yaml"
JOB = "job: Surveiller les alertes."


def job(name: str, markdown: str, has: tuple[str, ...], lacks: tuple[str, ...]) -> Case:
    """A case whose profile's ``job`` section is *markdown* (a literal block): its HTML must hold *has*, not *lacks*."""
    text = "job: |-\n  " + markdown.replace("\n", "\n  ")
    return Case(name, {P: vary(PROFILE, JOB, text)}, code=0, then=Step(SHEET_HTML, WROTE_HTML),
                html_has=has, html_lacks=lacks)


CASES = [
    job("script", "<script>alert(1)</script>", ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",), ("<script",)),
    job("img-onerror", '<img src=x onerror="alert(1)">', ("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;",), ("<img src=x",)),
    job("style", "<style>body{display:none}</style>\n\nSuite.", ("&lt;style&gt;body{display:none}&lt;/style&gt;",),
        ("<style>body",)),
    job("raw-link-and-iframe", '<a href="javascript:alert(1)">clic</a> <iframe src="https://example.org"></iframe>',
        ("&lt;a href=&quot;javascript:alert(1)&quot;&gt;", "&lt;iframe"), ('href="javascript', "<iframe")),
    job("markdown-links", "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) "
        "[d](vbscript:msgbox(1)) [e](java&#09;script:alert(1)) [f](file:///etc/passwd)",
        ("[a](javascript:alert(1))", "[c](data:text/html;base64,PHNjcmlwdD4=)"),
        ('href="javascript', 'href="JaVaScRiPt', 'href="data:', 'href="vbscript', 'href="java', 'href="file:///etc')),
    job("autolink-and-reference", "<javascript:alert(1)> et [ref][1]\n\n[1]: javascript:alert(1)",
        ("&lt;javascript:alert(1)&gt;",), ('href="javascript',)),
    job("quote-in-link-and-code", "![x](javascript:alert(1)) [ok](https://example.org/a\"onmouseover=\"b) `<code>`",
        ('<a href="https://example.org/a%22onmouseover=%22b">ok</a>', "<code>&lt;code&gt;</code>"),
        ('src="javascript', 'alt="x"', 'onmouseover="b')),
    Case("html-in-title", {P: vary(PROFILE, "title: Analyste hostile", "title: \"R&D d'équipe </style><b>gras</b>\"")},
         code=0, then=Step(SHEET_HTML, WROTE_HTML),
         html_has=("<h1>R&amp;D d’équipe &lt;/style&gt;&lt;b&gt;gras&lt;/b&gt;</h1>",
                   "<title>R&amp;D d&#39;équipe &lt;/style&gt;&lt;b&gt;gras&lt;/b&gt; –",
                   # in the running header's CSS string: the text itself, with < > written as CSS escapes
                   "@top-left { content: \"R&D d'équipe \\3c /style\\3e \\3c b\\3e gras\\3c /b\\3e  · Fiche métier\"; }"),
         html_lacks=("<b>gras", "R&amp;D d&#39;équipe \\3c")),
    Case("html-in-campus-texts",
         {P: PROFILE, "campuses/hostile.yaml": vary(vary(CAMPUS, "name: Hostile", 'name: "<script>x</script>"'),
                                                    "website:", "labels: {kicker: '<img src=x onerror=alert(1)>'}\nwebsite:")},
         code=0, then=Step(("sheet", "hostile", "--campus", "hostile", "--html", "-o", "page.html"), WROTE_HTML),
         html_has=("&lt;script&gt;x&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"),
         html_lacks=("<script", "<img src=x")),
]
