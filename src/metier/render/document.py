"""Any metier document: a layout's template filled with a context, then laid out as PDF.

:class:`DocumentRenderer` is shared by sheets, brochures and flyers over a whole
build. It keeps one WeasyPrint font configuration and, per (layout, campus),
the resolved search path and its Jinja environment, so each template and
stylesheet is found and parsed once per build. Template problems become
:class:`~metier.errors.MetierError` messages naming the template file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from metier.digests import bytes_digest, file_digest
from metier.errors import MetierError
from metier.load.workspace import Workspace
from metier.messages import msg
from metier.press.variant import SCREEN, Variant, variant_for
from metier.render.environment import WORKSPACE_ROOT, make_environment, template_location
from metier.render.layouts import ResolvedLayout, resolve_layout
from metier.render.pagination import Overflow


_WORKSPACE_URL = re.compile(re.escape(WORKSPACE_ROOT) + r"""([^"'\s()<>?#]+)""")


@dataclass
class Rendered:
    """A rendered document: PDF bytes, page count, warnings, and the page of each anchor."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # id -> 1-based page number
    overflow: Overflow | None = None  # how far past the page budget it was rendered with
    body_size: float | None = None  # the body text size as laid out, in points
    fill: list[float] = field(default_factory=list)  # the share of each page's height that holds something
    space_left: list[float] = field(default_factory=list)  # the empty height below each page's last content, in mm


class DocumentRenderer:
    """Renders documents of one workspace, sharing fonts, layouts and environments across a batch."""

    def __init__(self, ws: Workspace, warm: "DocumentRenderer | None" = None):
        """A renderer for *ws*; with *warm*, a renderer of an earlier state of the same workspace
        whose layout files have not changed since, its fonts, stylesheets, templates and decoded
        images are shared instead of loaded again (a resident workspace, :mod:`metier.load.resident`)."""
        from metier.render.pdf import PdfRenderer  # WeasyPrint is imported only to render

        self.ws = ws
        self.pdf = warm.pdf if warm else PdfRenderer()
        self._layouts: dict[tuple[str, str | None, str], tuple[ResolvedLayout, object]] = warm._layouts if warm else {}
        self._fetchers: dict[tuple[str, str | None, str, bool], object] = warm._fetchers if warm else {}
        self._profile: tuple[bytes, str] | None = None  # the workspace's press profile and its digest
        self.files: dict[str, str] = {}
        """Workspace files the documents rendered so far name (logos, pictures), with the
        SHA-256 of their bytes taken before WeasyPrint reads them: inputs a build cache cannot
        know in advance. The build empties it before each output."""

    def layout(self, name: str, campus_id: str | None, language: str | None = None) -> tuple[ResolvedLayout, object]:
        """Layout *name* as seen from *campus_id*, and its Jinja environment printing in *language* (cached).

        *language* defaults to the project's; a target may print in another.
        """
        language = language or self.ws.project.language
        key = (name, campus_id, language)
        if key not in self._layouts:
            layout = resolve_layout(name, self.ws.root, campus_id)
            self._layouts[key] = (layout, make_environment(layout, language))
        return self._layouts[key]

    def html(self, layout_name: str, campus_id: str, variables: dict, template: str | None = None) -> str:
        """The HTML of layout *layout_name*'s template (or *template*) filled with *variables*.

        Labels, numbers and dates print in ``variables["language"]`` (the
        context's language: its target's, else the project's).
        """
        layout, env = self.layout(layout_name, campus_id, variables.get("language"))
        name = template or layout.settings.template
        try:
            return env.get_template(name).render(**variables)
        except TemplateNotFound as exc:
            raise MetierError(msg("template_not_found", name=exc.name,
                                  path=", ".join(template_location(p, self.ws.root) for p in layout.search_path)))
        except TemplateSyntaxError as exc:
            raise MetierError(msg("template_error", name=template_location(exc.filename or name, self.ws.root),
                                  line=exc.lineno, problem=exc.message))
        except TemplateError as exc:
            raise MetierError(msg("template_error", name=name, line="?", problem=str(exc)))

    def variant(self, name: str, campus=None) -> Variant:
        """The :class:`Variant` *name* ("screen" or "press") for a campus's data *campus* (its CMYK colours)."""
        if name != "press":
            return SCREEN
        press = self.ws.project.press
        profile = None
        if press.profile:
            profile, digest = self._press_profile()
            self.files[press.profile] = digest
        return variant_for(name, press, getattr(campus, "colours", None), profile)

    def _press_profile(self) -> tuple[bytes, str]:
        """The workspace's press profile and its digest, read and checked once per renderer (once per build)."""
        if self._profile is None:
            from metier.load.references import icc_problem

            name = self.ws.project.press.profile
            try:
                data = (self.ws.root / name).read_bytes()
            except OSError:
                raise MetierError(msg("file_missing", name=name, where="the workspace")) from None
            problem = icc_problem(data, name)
            if problem:
                raise MetierError(problem)
            self._profile = (data, bytes_digest(data))
        return self._profile

    def render(self, layout_name: str, campus_id: str, html: str, variant: Variant = SCREEN, date=None,
               budget: int | None = None, *, remote_images: bool = False) -> Rendered:
        """Lay out *html* with the assets of *layout_name* for *campus_id*, written as *variant*.

        *date* becomes the PDF's creation date (press files must carry one).
        *remote_images* (a target's setting) lets images at http(s) addresses be fetched.
        WeasyPrint's warnings come back as messages, with headings left alone
        at the bottom of a page and blocks split against the layout's wish;
        with a page *budget*, ``overflow`` says how far the document runs past it.
        """
        return self.lay_out(layout_name, campus_id, html, (variant,), budget, remote_images=remote_images).write(date)[0]

    def lay_out(self, layout_name: str, campus_id: str, html: str, variants=(SCREEN,), budget: int | None = None,
                *, remote_images: bool = False) -> "Laid":
        """*html* laid out once for all of *variants* where one layout can serve them (a screen and a press
        file, see :mod:`metier.render.ink`; variants with the same :attr:`~Variant.key`), else once per
        variant; written by :meth:`Laid.write`."""
        from metier.render.ink import shareable

        variants = tuple(variants)
        fill_min = self.layout(layout_name, campus_id)[0].settings.fill_min
        fetchers = [self._fetcher(layout_name, campus_id, variant, remote_images, html) for variant in variants]
        distinct = tuple({variant.key: variant for variant in variants}.values())
        if len(distinct) > 1 and shareable(distinct):
            screen = next(i for i, v in enumerate(variants) if not v.press)
            press = next(i for i, v in enumerate(variants) if v.press)
            laid = self.pdf.lay_out(html, fetchers[screen], variants[screen], budget, geometry=variants[press],
                                    fill_min=fill_min)
            from metier.render.ink import has_gradients

            if not has_gradients(laid.document):
                return Laid(self, variants, fetchers, [laid] * len(variants), fetchers[screen])
        # Variants that differ only in what is drawn after layout (a booklet's pages without crop marks,
        # a brochure's with them) share one layout.
        by_key = {}
        for variant, fetcher in zip(variants, fetchers):
            if variant.key not in by_key:
                by_key[variant.key] = self.pdf.lay_out(html, fetcher, variant, budget, fill_min=fill_min)
        laids = [by_key[variant.key] for variant in variants]
        return Laid(self, variants, fetchers, laids, None)

    def _fetcher(self, layout_name: str, campus_id: str, variant: Variant, remote_images: bool, html: str):
        """The confined fetcher of one search path, variant and remote setting (it caches decoded images),
        with the workspace files *html* names recorded in :attr:`files`."""
        from metier.render.fetcher import ConfinedFetcher

        key = (layout_name, campus_id, variant.key, remote_images)
        if key not in self._fetchers:
            self._fetchers[key] = ConfinedFetcher(self.layout(layout_name, campus_id)[0], self.ws.root, variant,
                                                  remote_images=remote_images)
        fetcher = self._fetchers[key]
        for name in _WORKSPACE_URL.findall(html):
            name = unquote(name)
            if name in self.files:
                continue
            try:  # only files the fetcher would serve: never a path that escapes the workspace
                path = fetcher.resolve(WORKSPACE_ROOT + name)
            except (OSError, ValueError):
                continue  # refused or missing: the fetcher reports it when WeasyPrint asks for it
            self.files[name] = file_digest(path)
        return fetcher


class Laid:
    """A document laid out for one or more variants, with what its layout told, ready to be written."""

    def __init__(self, renderer: DocumentRenderer, variants, fetchers, laids, screen_fetcher):
        self._renderer, self.variants, self._fetchers, self._laids = renderer, variants, fetchers, laids
        self._screen_fetcher = screen_fetcher
        first = laids[0]
        self.pages, self.anchors, self.overflow, self.body_size = first.pages, first.anchors, first.overflow, first.body_size
        self.fill, self.space_left = first.fill, first.space_left
        self.shared = screen_fetcher is not None
        """Whether one layout serves every variant."""

    @property
    def warnings(self) -> list[str]:
        """WeasyPrint's warnings of the layout, as messages, and the page problems (headings left alone...)."""
        return _messages(self._laids[0])

    def write(self, date=None) -> list[Rendered]:
        """One :class:`Rendered` per variant, in the order of the variants."""
        results = []
        for variant, fetcher, laid in zip(self.variants, self._fetchers, self._laids):
            pdf = self._renderer.pdf.write(laid, variant, fetcher, date, screen_fetcher=self._screen_fetcher)
            result = laid.result(pdf, variant.press)
            warnings = _messages(result)
            if not result.overflow:  # a document over budget is too full, whatever one page of it looks like
                warnings += [page.message() for page in result.underfilled]
            for picture in result.pictures:
                warning = picture.warning()
                if warning and warning not in warnings:
                    warnings.append(warning)
            results.append(Rendered(result.pdf, result.pages, warnings, result.anchors, result.overflow,
                                    result.body_size, result.fill, result.space_left))
        return results


def _messages(result) -> list[str]:
    """WeasyPrint's warnings of a layout or a written file (*result*), as messages, then its page problems."""
    return [msg("weasyprint_warning", message=w) for w in result.warnings] + [p.message() for p in result.problems]
