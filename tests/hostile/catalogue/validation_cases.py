"""Values of the wrong form: unknown keys, closed lists, amounts, colours, sizes, links, e-mails, phones, dates.

Colours, sizes and links end up in CSS and ``href`` attributes, so attempts
to smuggle CSS (``red; background: url(x)``) or script (``javascript:``) in
them must be refused when the file is read, with the rule to follow.
"""

from __future__ import annotations

from tests.hostile.catalogue import Case
from tests.hostile.catalogue.base import CAMPUS, PROFILE, PROGRAMME, PROJECT, vary

P, C, G, M = "profiles/hostile.yaml", "campuses/hostile.yaml", "programmes/hostile.yaml", "metier.yaml"


def profile(old: str, new: str) -> dict[str, str]:
    """The base profile with one change."""
    return {P: vary(PROFILE, old, new)}


def campus(old: str, new: str) -> dict[str, str]:
    """The base campus with one change."""
    return {C: vary(CAMPUS, old, new)}


def programme(old: str, new: str) -> dict[str, str]:
    """The base programme with one change."""
    return {G: vary(PROGRAMME, old, new)}


def project(old: str, new: str) -> dict[str, str]:
    """The base metier.yaml with one change."""
    return {M: vary(PROJECT, old, new)}


STARTING = "{amount: 3000,"
PRIMARY = 'primary: "#0b4f8a"'
WEBSITE = "website: https://example.org/hostile"
BOARD_URL = "url: https://example.org/jobs"
PROFILE_URL = "profile_url: https://example.org/{campus}/metiers/{profile}"
EMAIL = "email: admissions@example.org"
PHONE = "phone: +33 4 00 00 00 09"
EVENT_DATE = "    date: 2027-02-06"

COLOUR_RULE = "is not valid here: write a colour as #RRGGBB (e.g. #0b5fa5)"
URL_RULE = "is not valid here: write a web address starting with https:// (e.g. https://example.org/lyon)"
EMAIL_RULE = "is not valid here: write an e-mail address (e.g. contact@example.org)"
PHONE_RULE = "is not valid here: write a phone number with digits and spaces (e.g. +33 4 00 00 00 00)"
RATINGS = "expected one of low, fair, good, very-good, excellent"

CASES = [
    # unknown keys, with the closest known key or the list of known keys
    Case("unknown-key-suggested", profile("job: Surveiller", "salry: 3000\njob: Surveiller"),
         (f'{P}:15:1: salry: unknown key "salry"; did you mean "salary"?',)),
    Case("unknown-key-listed", profile("  study_level: 5", "  zzz: 1\n  study_level: 5"),
         (f'{P}:7:3: summary.zzz: unknown key "zzz"; known keys: study_level, recommended_bac, employability, '
          "mobility, salary_starting, salary_experienced, salary_reference, rome, fap",)),
    Case("campus-key-misspelt", campus("website:", "websit:"),
         (f"{C}:1:1: website: required field is missing; add `website: ...`",
          f'{C}:10:1: websit: unknown key "websit"; did you mean "website"?')),
    Case("project-key-misspelt", project("language: fr", "langage: fr"),
         (f'{M}:5:1: langage: unknown key "langage"; did you mean "language"?',)),
    Case("list-for-category", profile("category: Défense et réponse", "category: [Défense, Audit]"),
         (f"{P}:2:11: category: expected text, got a list",)),
    # closed lists
    Case("rating-label-for-id", profile("employability: very-good", "employability: Très bonne"),
         (f'{P}:9:18: summary.employability: {RATINGS}, got "Très bonne"; did you mean "very-good"?',)),
    Case("period-misspelt", profile("period: month", "period: monthly"),
         (f'{P}:11:58: summary.salary_starting.period: expected one of hour, day, month, year, got "monthly"; '
          'did you mean "month"?',)),
    Case("target-kind-misspelt", project("kind: brochure", "kind: brochures"),
         (f'{M}:13:11: targets.brochure.kind: expected one of sheets, brochure, booklet, flyers, got "brochures"; '
          'did you mean "brochure"?',)),
    # amounts
    Case("negative-amount", profile(STARTING, "{amount: -100,"),
         (f'{P}:11:29: summary.salary_starting.amount: must be at least 0, got "-100"',)),
    Case("huge-amount", profile(STARTING, "{amount: 1e12,"),
         (f'{P}:11:29: summary.salary_starting.amount: must be at most 10000000, got "1e12"',)),
    Case("infinite-amount", profile(STARTING, "{amount: inf,"),
         (f'{P}:11:29: summary.salary_starting.amount: must be at most 10000000, got "inf"',)),
    Case("nan-amount", profile(STARTING, "{amount: nan,"),
         (f'{P}:11:29: summary.salary_starting.amount: expected a number, got "nan"',)),
    Case("formatted-amount", profile(STARTING, '{amount: "5 850 €",'),
         (f'{P}:11:29: summary.salary_starting.amount: expected a number, got "5 850 €" (write 5850)',)),
    Case("fraction-for-whole-number", profile("study_level: 5", "study_level: 5.5"),
         (f'{P}:7:16: summary.study_level: expected a whole number, got "5.5"',)),
    Case("zero-where-more-than-zero", programme("duration_years: 3", "duration_years: 0"),
         (f'{G}:3:17: duration_years: must be more than 0, got "0"',)),
    # colours and sizes: what reaches CSS
    Case("colour-with-css", campus(PRIMARY, 'primary: "red; background: url(x)"'),
         (f'{C}:12:12: colours.primary: "red; background: url(x)" {COLOUR_RULE}',)),
    Case("colour-bad-digit", campus(PRIMARY, 'primary: "#12345g"'), (f'{C}:12:12: colours.primary: "#12345g" {COLOUR_RULE}',)),
    Case("colour-closing-rule", campus(PRIMARY, 'primary: "#0b4f8a; } body { display: none"'),
         (f'{C}:12:12: colours.primary: "#0b4f8a; }} body {{ display: none" {COLOUR_RULE}',)),
    Case("colour-closing-style", campus(PRIMARY, 'primary: "#0b4f8a</style><script>x</script>"'),
         (f'{C}:12:12: colours.primary: "#0b4f8a</style><script>x</script>" {COLOUR_RULE}',)),
    Case("colour-in-target-override",
         project("    kind: sheets", '    kind: sheets\n    overrides: {colours: {primary: "expression(alert(1))"}}'),
         (f'{M}:12:36: targets.sheets.overrides.colours.primary: "expression(alert(1))" {COLOUR_RULE}',)),
    Case("bleed-with-css", project("language: fr", 'language: fr\npress: {bleed: "3mm; } @page { size: 1mm"}'),
         (f'{M}:6:16: press.bleed: expected a number, got "3mm; }} @page {{ size: 1mm"',)),
    Case("page-size-with-css", project("    campus: lyon", '    campus: lyon\n    page_size: "A4; margin: 0"'),
         (f'{M}:15:16: targets.brochure.page_size: expected one of A4, A5, got "A4; margin: 0"',)),
    Case("cmyk-short", campus('  accent: "#f2a541"', '  accent: "#f2a541"\n  primary_cmyk: [0, 85, 45]'),
         (f"{C}:14:17: colours.primary_cmyk: has 3 item(s), needs at least 4",)),
    Case("cmyk-over-100", campus('  accent: "#f2a541"', '  accent: "#f2a541"\n  primary_cmyk: [0, 85, 45, 150]'),
         (f'{C}:14:29: colours.primary_cmyk[3]: must be at most 100, got "150"',)),
    # links: only http(s)
    Case("javascript-website", campus(WEBSITE, "website: javascript:alert(1)"),
         (f'{C}:10:10: website: "javascript:alert(1)" {URL_RULE}',)),
    Case("javascript-uppercase", campus(WEBSITE, "website: JAVASCRIPT:alert(1)"),
         (f'{C}:10:10: website: "JAVASCRIPT:alert(1)" {URL_RULE}',)),
    Case("data-source", profile("source: https://example.org/source", "source: data:text/html;base64,PHNjcmlwdD4="),
         (f'{P}:4:9: source: "data:text/html;base64,PHNjcmlwdD4=" {URL_RULE}',)),
    Case("vbscript-job-board", profile(BOARD_URL, "url: vbscript:msgbox(1)"),
         (f'{P}:31:12: recruiters.job_boards[0].url: "vbscript:msgbox(1)" {URL_RULE}',)),
    Case("quote-out-of-href", profile(BOARD_URL, 'url: https://example.org/"onmouseover=alert(1)'),
         (f'{P}:31:12: recruiters.job_boards[0].url: "https://example.org/"onmouseover=aler..." {URL_RULE}',)),
    Case("space-in-url", profile(BOARD_URL, "url: https://example.org/ javascript:alert(1)"),
         (f'{P}:31:12: recruiters.job_boards[0].url: "https://example.org/ javascript:alert(1)" {URL_RULE}',)),
    Case("url-template-attribute", project(PROFILE_URL, "profile_url: https://example.org/{campus.__class__}/{profile}"),
         (f"{M}:8:16: campus_defaults.profile_url: unknown placeholder {{campus.__class__}}; use {{campus}} and {{profile}}",)),
    Case("url-template-padding", project(PROFILE_URL, "profile_url: https://example.org/{campus:^999999999}/{profile}"),
         (f"{M}:8:16: campus_defaults.profile_url: unknown placeholder {{campus:^999999999}}; "
          "use {campus} and {profile}",)),
    # campus labels: str.format templates of the layouts' words
    Case("label-unknown", campus("website:", "labels: {kicker2: Fiche}\nwebsite:"),
         (f'{C}:10:10: labels.kicker2: "kicker2" is not a label the layouts print; did you mean "kicker"?; '
          "see `metier explain --labels`",)),
    Case("label-attribute-placeholder", campus("website:", "labels: {campus_page: 'Campus {campus.__class__.__mro__}'}\nwebsite:"),
         (f"{C}:10:23: labels.campus_page: {{campus.__class__.__mro__}} is not filled in for this label; it can use {{campus}}",)),
    Case("label-padding-placeholder", campus("website:", "labels: {campus_page: 'Campus {campus:^999999999}'}\nwebsite:"),
         (f"{C}:10:23: labels.campus_page: {{campus:^999999999}} is not filled in for this label; it can use {{campus}}",)),
    # e-mail addresses and phone numbers
    Case("email-without-domain", campus(EMAIL, "email: admissions"), (f'{C}:8:12: contacts[0].email: "admissions" {EMAIL_RULE}',)),
    Case("email-without-tld", campus(EMAIL, "email: a@b"), (f'{C}:8:12: contacts[0].email: "a@b" {EMAIL_RULE}',)),
    Case("email-with-markup", campus(EMAIL, 'email: "a@example.org<script>"'),
         (f'{C}:8:12: contacts[0].email: "a@example.org<script>" {EMAIL_RULE}',)),
    Case("email-header-injection", campus(EMAIL, 'email: "a@example.org\\nBcc: x@evil.org"'),
         (f'{C}:8:12: contacts[0].email: "a@example.org Bcc: x@evil.org" {EMAIL_RULE}',)),
    Case("phone-as-words", campus(PHONE, "phone: appelez-nous"), (f'{C}:9:12: contacts[0].phone: "appelez-nous" {PHONE_RULE}',)),
    Case("phone-too-short", campus(PHONE, "phone: 12"), (f'{C}:9:12: contacts[0].phone: "12" {PHONE_RULE}',)),
    # dates, lengths, exclusive fields
    Case("impossible-date", campus(EVENT_DATE, "    date: 2027-02-30"),
         (f'{C}:16:11: events[0].date: expected a date written YYYY-MM-DD (e.g. 2025-09-01), got "2027-02-30"',)),
    Case("end-before-start", campus(EVENT_DATE, f"{EVENT_DATE}\n    end: 2027-02-01"),
         (f"{C}:15:5: events[0]: the end date is before the first day",)),
    Case("title-too-long", profile("title: Analyste hostile", "title: " + "x" * 501),
         (f"{P}:1:8: title: is too long (501 characters; at most 500)",)),
    Case("markdown-too-long", profile("job: Surveiller les alertes.", "job: " + "x" * 20_001),
         (f"{P}:15:6: job: is too long (20001 characters; at most 20000)",)),
    Case("form-feed-in-name", campus("name: Hostile", 'name: "Hostile\\f} @page { size: 1mm }"'),
         (f"{C}:1:7: name: contains the invisible control character U+000C, which cannot be printed; "
          "remove it (or the escape that writes it, such as \\f or \\x07)",)),
    Case("terminal-escape-in-markdown", profile("job: Surveiller les alertes.", 'job: "Surveiller \\e[31mles alertes"'),
         (f"{P}:15:6: job: contains the invisible control character U+001B, which cannot be printed; "
          "remove it (or the escape that writes it, such as \\f or \\x07)",)),
    Case("related-both", profile("studies: Bac+5.", "studies: Bac+5.\nrelated: [{profile: ciso, title: RSSI}]"),
         (f"{P}:22:11: related[0]: write either a profile id (`- ciso`) or a job title (`- title: ...`), not both",)),
]
