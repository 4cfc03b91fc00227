"""CSV files read as published: the shared reference files themselves, then every variant a publisher may send."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metier.errors import MetierError
from metier.refdata import read_table
from metier.refdata.csvfile import decode, sniff_separator
from tests.conftest import REPO

DATA = REPO / "tests" / "data"


# --- the published files ---------------------------------------------------------------------------------------

def test_rome_file_comma_separated_fully_quoted_utf8_lf():
    table = read_table(DATA / "rome-v460-referentiel-code-rome.csv")
    assert (table.encoding, table.separator) == ("utf-8", ",")
    assert table.header[:4] == ("code_rome", "code_fiche_metier", "code_ogr", "libelle_rome")
    assert len(table.rows) == 1584
    assert table.rows[0]["code_rome"] == "A1101"
    assert table.rows[0]["libelle_rome"] == "Conducteur / Conductrice d'engins agricoles"
    assert table.lines[:3] == [2, 3, 4]


def test_fap2021_file_bom_semicolon_crlf():
    raw = (DATA / "fap2021-nomenclature.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the file really is what the test says
    table = read_table(DATA / "fap2021-nomenclature.csv")
    assert (table.encoding, table.separator) == ("utf-8-sig", ";")
    assert table.header[0] == "Code FAP 22"  # no byte-order mark glued to the first column's name
    assert len(table.rows) == 341
    assert not any("\r" in cell for row in table.rows for cell in row.values())
    assert table.rows[0]["Code FAP 341"] == "A0X41c"
    assert table.rows[0]["Intitulé FAP 22"] == "Agriculture, marine, pêche"  # a comma inside a ;-separated cell


def test_fap2009_file_comma_with_quoted_commas():
    table = read_table(DATA / "fap2009-libelles.csv")
    assert (table.encoding, table.separator) == ("utf-8", ",")
    assert table.header == ("code_fap", "niveau", "libelle")
    assert len(table.rows) == 340
    assert table.rows[0] == {"code_fap": "A", "niveau": "domaine", "libelle": "Agriculture, marine, pêche"}


def test_onisep_file_bom_semicolon_pipes_kept():
    table = read_table(DATA / "onisep-ideo-metiers-sample.csv")
    assert (table.encoding, table.separator) == ("utf-8-sig", ";")
    assert table.header[0] == "libellé métier" and len(table.header) == 13
    assert len(table.rows) == 24
    consultant = next(r for r in table.rows if r["libellé métier"] == "consultant / consultante")
    assert consultant["code ROME"] == "K2101 | M1402 | M1806"


def test_reads_bytes_as_well_as_paths():
    raw = (DATA / "fap2009-libelles.csv").read_bytes()
    assert read_table(raw).rows == read_table(DATA / "fap2009-libelles.csv").rows
    assert read_table(raw).name == "<bytes>"


# --- synthetic variants ----------------------------------------------------------------------------------------

ROWS = [["code", "libellé"], ["M1802", "Expert / Experte systèmes, réseaux"], ["D1502", "Chef / Cheffe de rayon œnologie"]]


def _csv(rows, separator=";", newline="\n"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("separator", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                               ("cp1252", "cp1252"), ("utf-16", "utf-16")])
def test_every_combination_reads_the_same(separator, newline, encoding, expected):
    table = read_table(_csv(ROWS, separator, newline).encode(encoding))
    assert (table.encoding, table.separator) == (expected, separator)
    assert table.header == ("code", "libellé")
    assert [list(r.values()) for r in table.rows] == ROWS[1:]


def test_cp1252_bytes_of_an_excel_export():
    raw = "code;libellé\nM1802;Chargé d’études – cœur\n".encode("cp1252")
    assert b"\x92" in raw and b"\x9c" in raw  # typographic apostrophe and œ: Windows-1252, not Latin-1
    table = read_table(raw)
    assert table.encoding == "cp1252"
    assert table.rows[0]["libellé"] == "Chargé d’études – cœur"


def test_bytes_cp1252_leaves_unassigned_fall_back_to_latin1():
    table = read_table(b"code;label\nA\x81;caf\xe9\n")
    assert table.encoding == "latin-1"
    assert table.rows[0] == {"code": "A\x81", "label": "café"}


def test_quoted_multiline_cell_and_line_numbers():
    text = ('code;label;note\r\n'
            'A1;"first line\r\nsecond; with separator\r\nthird ""quoted"""; x\r\n'
            'A2;plain;y\r\n')
    table = read_table(text.encode("utf-8-sig"))
    assert table.rows[0]["label"] == 'first line\nsecond; with separator\nthird "quoted"'
    assert table.rows[1] == {"code": "A2", "label": "plain", "note": "y"}
    assert table.lines == [2, 5]  # the second row starts after the three lines of the first


def test_blank_lines_short_rows_and_trailing_empty_cells():
    table = read_table(b"a;b;c;;\n\n1;2\n\n3;4;5;;\n")
    assert table.header == ("a", "b", "c")
    assert table.rows == [{"a": "1", "b": "2", "c": ""}, {"a": "3", "b": "4", "c": "5"}]
    assert table.lines == [3, 5]


def test_decomposed_accents_become_composed():
    text, _ = decode("code;libelle\nA;e\u0301clairagiste\n".encode("utf-8"))
    assert "éclairagiste" in text


def test_separator_inside_quotes_does_not_count():
    assert sniff_separator('"a;b;c","d;e"\n') == ","
    assert sniff_separator("only one column\n") == ";"


@pytest.mark.parametrize("raw,key", [(b"", "empty"), (b"\n\n", "empty"), (b"a;b\n1;2;3\n", "3 cells")])
def test_unusable_files_are_explained(raw, key):
    with pytest.raises(MetierError, match=key):
        read_table(raw)


def test_a_missing_file_is_explained(tmp_path):
    with pytest.raises(MetierError, match="nothing.csv cannot be read"):
        read_table(tmp_path / "nothing.csv")


_CELL = st.text(alphabet=st.sampled_from(list("abcé;,\"' \nœ’-|")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=6),
       separator=st.sampled_from([";", ","]), newline=st.sampled_from(["\n", "\r\n"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_whatever_csv_writes_is_read_back(rows, separator, newline, encoding):
    header = ["code", "libellé", "note"]
    table = read_table(_csv([header] + rows, separator, newline).encode(encoding))
    expected = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    assert [list(r.values()) for r in table.rows] == expected
