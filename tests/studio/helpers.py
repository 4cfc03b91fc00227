"""What the studio's tests share: a client with the token, and a page's form read as a browser would submit it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from starlette.testclient import TestClient

from metier.studio.app import create_app
from metier.studio.security import csrf_for

TOKEN = "test-token"
ORIGIN = "http://127.0.0.1:8000"
HEADERS = {"Origin": ORIGIN, "X-CSRF-Token": csrf_for(TOKEN)}


def client(root, token: bool = True) -> TestClient:
    """A test client of a studio on *root*, that has opened the token link when *token*."""
    c = TestClient(create_app(root, TOKEN), base_url=ORIGIN)
    if token:
        assert c.get(f"/?token={TOKEN}").status_code == 200
    return c


class _Form(HTMLParser):
    """The fields of ``<form id=...>`` as submitted: inputs, selected options, text areas; ``<template>`` skipped."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.template = form_id, False, 0
        self.values: dict[str, str] = {}
        self._select = self._area = None
        self._first: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        if tag == "input" and "name" in a:
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.values[self._select] = None
        elif tag == "option" and self._select:
            self._first.setdefault(self._select, a.get("value", ""))
            if "selected" in a:
                self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._area = a["name"]
            self.values[self._area] = ""

    def handle_endtag(self, tag):
        if tag == "template" and self.inside:
            self.template -= 1
        elif tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if self.values[self._select] is None:
                self.values[self._select] = self._first.get(self._select, "")
            self._select = None
        elif tag == "textarea":
            self._area = None

    def handle_data(self, data):
        if self._area and not self.template:
            self.values[self._area] += data


def page_form(html: str, form_id: str = "form") -> dict[str, str]:
    """The values a browser would submit for form *form_id* of *html* (a textarea's first newline dropped)."""
    parser = _Form(form_id)
    parser.feed(html)
    values = parser.values
    return {k: (v[1:] if v.startswith("\n") and re.search(rf'<textarea[^>]*name="{re.escape(k)}"', html) else v)
            for k, v in values.items()}
