"""The salary chart: inline SVG drawn by ReportLab, amounts by the locale, one scale, the reference line.

The sample profiles/ciso.yaml carries a real reference (Apec's 2024 median of
managers' pay, 54 000 € gross a year); the other summaries here are fixtures.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import pypdfium2 as pdfium
import weasyprint
from pypdf import PdfReader

from metier.graphics.chart import HEADROOM, chart_problem, in_period, salary_chart, salary_chart_description
from metier.load.validate import validate
from metier.load.workspace import load_workspace
from metier.load.yamlfile import parse_yaml
from metier.model.common import Money
from metier.model.profile import Profile, Summary
from metier.render import environment
from metier.render.sheet import SheetRenderer
from metier.text.typography import NBSP, NNBSP

SVG = "{http://www.w3.org/2000/svg}"
REFERENCE = {
    "amount": {"amount": 54000, "period": "year"},
    "label": "Salaire médian des cadres",
    "source": "Apec, Baromètre 2024 de la rémunération des cadres",
    "year": 2024,
}


def summary(starting=3100, experienced=6800, reference=None, **changes) -> Summary:
    data = {
        "study_level": 5, "recommended_bac": "Général", "employability": "good", "mobility": "good",
        "salary_starting": {"amount": starting}, "salary_experienced": {"amount": experienced},
        "rome": {"code": "M1802", "label": "Expertise"}, "fap": {"code": "M2Z", "label": "Informatique"},
        **changes,
    }
    if reference is not None:
        data["salary_reference"] = reference
    return Summary.model_validate(data)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[float]:
    return [float(r.get("width")) for r in root.iter(f"{SVG}rect")]


def dashed(root: ET.Element) -> list[ET.Element]:
    return [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]


def test_an_inline_svg_element_sized_in_millimetres():
    svg = salary_chart(summary())
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert " id=" not in svg and "clip" not in svg
    root = parse(svg)
    assert root.get("width") == "170mm" and root.get("height").endswith("mm")
    assert 15 <= float(root.get("height")[:-2]) <= 32
    assert parse(salary_chart(summary(), width_mm=150)).get("width") == "150mm"


def test_both_amounts_formatted_by_the_locale():
    words = texts(parse(salary_chart(summary(3100, 6800))))
    assert f"3{NNBSP}100{NBSP}€" in words and f"6{NNBSP}800{NBSP}€" in words
    assert "Salaire débutant" in words and "Salaire confirmé" in words
    assert "Montants bruts mensuels" in words


def test_bar_widths_are_proportional_and_the_scale_ends_at_110_percent():
    root = parse(salary_chart(summary(3000, 6000)))
    starting, experienced = bars(root)
    assert experienced == pytest.approx(2 * starting, abs=0.02)
    (axis,) = [line for line in root.iter(f"{SVG}line") if not line.get("stroke-dasharray")]
    x0 = float(axis.get("x1"))
    width = float(root.get("viewBox").split()[2])
    track = width - x0 - 14
    assert experienced == pytest.approx(track / HEADROOM, abs=0.02)
    assert all(float(r.get("x")) == x0 for r in root.iter(f"{SVG}rect"))


def test_reference_line_only_when_given():
    assert dashed(parse(salary_chart(summary()))) == []
    root = parse(salary_chart(summary(3000, 6000, reference={**REFERENCE, "amount": {"amount": 4500}})))
    (line,) = dashed(root)
    starting, _ = bars(root)
    x0 = float(next(root.iter(f"{SVG}rect")).get("x"))
    assert float(line.get("x1")) == float(line.get("x2")) == pytest.approx(x0 + starting * 1.5, abs=0.02)
    words = texts(root)
    assert f"Salaire médian des cadres{NBSP}: 4{NNBSP}500{NBSP}€" in words
    assert f"Montants bruts mensuels · Source{NBSP}: Apec, Baromètre 2024 de la rémunération des cadres (2024)" in words


def test_english_labels():
    root = parse(salary_chart(summary(3100, 6800, reference=REFERENCE), "en"))
    words = texts(root)
    assert {"Starting salary", "Experienced salary", "€3,100", "€6,800"} <= set(words)
    assert any(w.startswith("Monthly gross amounts · Source: Apec") and w.endswith("(2024)") for w in words)
    assert "Salary chart. Starting salary: €3,100" in root.get("aria-label")


def test_a_yearly_reference_is_drawn_per_month_with_its_original_amount():
    root = parse(salary_chart(summary(3000, 6000, reference=REFERENCE)))
    assert f"Salaire médian des cadres{NBSP}: 4{NNBSP}500{NBSP}€ (54{NNBSP}000{NBSP}€{NBSP}brut{NBSP}/{NBSP}an)" in texts(root)
    starting, _ = bars(root)
    (line,) = dashed(root)
    x0 = float(next(root.iter(f"{SVG}rect")).get("x"))
    assert float(line.get("x1")) - x0 == pytest.approx(starting * 1.5, abs=0.02)  # 4 500 a month vs 3 000


def test_period_conversion_12_months_a_year():
    assert in_period(Money(amount=54000, period="year"), "month") == 4500
    assert in_period(Money(amount=3100, period="month"), "year") == 37200
    assert in_period(Money(amount=50001, period="year"), "month") == 4167  # rounded to a whole unit
    assert in_period(Money(amount=25, period="hour"), "hour") == 25
    with pytest.raises(ValueError, match="per hour"):
        in_period(Money(amount=25, period="hour"), "month")


def test_salaries_in_other_periods_are_converted_to_the_starting_one():
    mixed = summary(salary_experienced={"amount": 72000, "period": "year"})
    starting, experienced = bars(parse(salary_chart(mixed)))
    assert experienced == pytest.approx(starting * 6000 / 3100, abs=0.02)
    assert f"6{NNBSP}000{NBSP}€ (72{NNBSP}000{NBSP}€{NBSP}brut{NBSP}/{NBSP}an)" in texts(parse(salary_chart(mixed)))


@pytest.mark.parametrize("changes, reason", [
    ({"salary_experienced": {"amount": 40, "period": "hour"}}, "hourly or daily rate"),
    ({"salary_experienced": {"amount": 6800, "basis": "net"}}, "gross and net"),
    ({"salary_experienced": {"amount": 6800, "currency": "CHF"}}, "different currencies"),
])
def test_amounts_that_cannot_share_a_scale_are_refused(changes, reason):
    incomparable = summary(**changes)
    assert reason in chart_problem(incomparable)
    with pytest.raises(ValueError, match=reason):
        salary_chart(incomparable)
    assert environment.salary_chart(incomparable, "fr") == ""  # the sheet leaves the chart out


def test_an_incomparable_reference_is_refused_when_the_profile_is_loaded():
    text = """\
title: CISO
category: Gouvernance
introduction: Diriger.
summary:
  study_level: 5
  recommended_bac: Général
  employability: good
  mobility: good
  salary_starting: {amount: 4600}
  salary_experienced: {amount: 8750}
  salary_reference:
    amount: {amount: 2200, basis: net}
    label: Salaire médian
    source: Insee
    year: 2023
  rome: {code: M1812, label: RSSI}
  fap: {code: M2Z, label: Informatique}
job: Protéger.
missions: Piloter.
skills: {technical: [ISO 27001], behavioural: Diplomatie.}
studies: Bac+5.
"""
    value, issues = validate(parse_yaml(text.encode(), "profiles/ciso.yaml"), Profile)
    assert value is None
    assert "salary_reference cannot be compared with the salaries" in str(issues[0])
    assert "gross and net" in str(issues[0])


def test_deterministic():
    make = lambda: salary_chart(summary(3100, 6800, reference=REFERENCE), "fr", colour="#7A1F3D", accent="#4fb3a9")
    assert make() == make()


def test_text_is_escaped_and_typeset():
    reference = {**REFERENCE, "label": 'Médiane des "cadres" <b> & co', "source": "l'Insee </svg>"}
    svg = salary_chart(summary(reference=reference))
    assert "<b>" not in svg and "</svg>" not in svg[:-6]
    words = texts(parse(svg))
    assert any(w.startswith(f"Médiane des «{NNBSP}cadres{NNBSP}» <b> & co{NBSP}:") for w in words)
    assert any("Source\u00a0: l’Insee </svg> (2024)" in w for w in words)


def test_every_text_is_in_inter_and_colours_are_exact():
    root = parse(salary_chart(summary(reference=REFERENCE), colour="#7A1F3D", accent="#4FB3A9", ink="#101010"))
    assert {t.get("font-family") for t in root.iter(f"{SVG}text")} == {"Inter"}
    assert bars(root) and next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#7a1f3d") is not None
    assert dashed(root)[0].get("stroke") == "#4fb3a9"
    with pytest.raises(ValueError, match="#rrggbb"):
        salary_chart(summary(), colour="maroon")


def test_a_text_too_long_for_the_chart_is_squeezed_not_cut():
    reference = {**REFERENCE, "source": "Une source au nom très long " * 8}
    root = parse(salary_chart(summary(reference=reference)))
    (source,) = [t for t in root.iter(f"{SVG}text") if "Source" in t.text]
    assert source.get("lengthAdjust") == "spacingAndGlyphs"
    assert float(source.get("textLength")) <= float(root.get("viewBox").split()[2])


def test_accessible_description_says_the_values_in_words():
    chart = summary(reference=REFERENCE)
    root = parse(salary_chart(chart))
    description = salary_chart_description(chart, "fr")
    assert root.get("role") == "img"
    assert root.get("aria-label") == root.find(f"{SVG}title").text == description
    assert f"Salaire débutant{NBSP}: 3{NNBSP}100{NBSP}€{NBSP}brut{NBSP}/{NBSP}mois" in description
    assert f"54{NNBSP}000{NBSP}€{NBSP}brut{NBSP}/{NBSP}an (source{NBSP}: Apec" in description


def test_the_chart_is_a_figure_with_alternate_text_in_tagged_pdf():
    """PDF/UA needs alt text on every figure: WeasyPrint takes an inline SVG's <title>."""
    chart = summary(reference=REFERENCE)
    html = f'<html lang="fr"><title>t</title><body><figure>{salary_chart(chart)}</figure></body></html>'
    reader = PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")))

    def figures(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            yield node.get("/Alt")
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid.get_object(), dict):
                yield from figures(kid)

    assert list(figures(reader.trailer["/Root"]["/StructTreeRoot"])) == [salary_chart_description(chart, "fr")]


def test_the_job_sheet_prints_the_chart_without_warnings(sample_readonly):
    """The seed CISO sheet carries a reference: no WeasyPrint warning (conftest), amounts on the page."""
    renderer = SheetRenderer(load_workspace(sample_readonly))
    html = renderer.html("ciso", "paris")
    assert html.count('<figure class="salary-chart"><svg') == 1
    result = renderer.render("ciso", "paris")
    assert result.warnings == [] and result.pages <= result.budget
    document = pdfium.PdfDocument(result.pdf)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    squeezed = "".join(text.split()).replace(NNBSP, "")  # the SVG's narrow spaces do not always come back
    for words in ("Salairedébutant4600€", "Salaireconfirmé8750€", "Salairemédiandescadresduprivé:4500€",
                  "Montantsbrutsmensuels·Source:Apec,Baromètre2024delarémunérationdescadres(2024)"):
        assert words in squeezed


def test_a_skeleton_with_zero_salaries_gets_no_chart(sample_readonly):
    """Placeholder salaries (0 and 0, as an imported skeleton has) draw no chart: there is nothing to compare."""
    from metier.load.workspace import load_workspace
    from metier.render.environment import salary_chart

    summary = load_workspace(sample_readonly).profiles["ciso"].summary
    zero = summary.model_copy(update={
        "salary_starting": summary.salary_starting.model_copy(update={"amount": 0}),
        "salary_experienced": summary.salary_experienced.model_copy(update={"amount": 0}),
        "salary_reference": None})
    assert str(salary_chart(zero, "fr")) == ""
    assert str(salary_chart(summary, "fr")).startswith("<svg")
