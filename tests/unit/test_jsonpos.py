"""The strict JSON reader: values, positions of everything, and errors that say where."""

from __future__ import annotations

import json

import pytest

from game.jsonpos import JsonError, Pos, format_path, parse_bytes, parse_text


def line_col(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Independent reference: where the nth occurrence of needle starts (1-based line, col)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


NESTED = '{\n  "a": [1, {"b": "text"}],\n\t"c": {"d": [true, null, -2.5e-3]}\n}'


def test_values_match_the_standard_library_on_valid_json():
    doc = parse_text(NESTED)
    assert doc.value == json.loads(NESTED)
    assert isinstance(doc.value["a"][0], int) and isinstance(doc.value["c"]["d"][2], float)


@pytest.mark.parametrize("path, needle, nth", [
    ((), "{", 0),
    (("a",), "[1", 0),
    (("a", 0), "1", 0),
    (("a", 1), '{"b"', 0),
    (("a", 1, "b"), '"text"', 0),
    (("c",), '{"d"', 0),
    (("c", "d", 0), "true", 0),
    (("c", "d", 1), "null", 0),
    (("c", "d", 2), "-2.5e-3", 0),
])
def test_every_nested_value_has_its_position(path, needle, nth):
    doc = parse_text(NESTED)
    line, col = line_col(NESTED, needle, nth)
    assert doc.where(path)[:2] == (line, col)


def test_key_positions_and_nearest_ancestor():
    doc = parse_text(NESTED)
    assert doc.key_where(("c",))[:2] == line_col(NESTED, '"c"')
    assert doc.key_where(("c", "d"))[:2] == line_col(NESTED, '"d"')
    # a path that is not there falls back to the deepest part that is
    assert doc.where(("c", "d", 7, "x")) == doc.where(("c", "d"))


def test_tab_counts_as_one_column():
    doc = parse_text('{\n\t"k": 1}')
    assert doc.where(("k",))[:2] == (2, 7)


def test_columns_count_characters_not_bytes():
    text = '{"é€😀": "ü", "n": 5}'
    doc = parse_bytes(text.encode("utf-8"))
    assert doc.value == {"é€😀": "ü", "n": 5}
    assert doc.where(("n",))[:2] == line_col(text, "5")


def test_strings_with_escapes_decode_like_json():
    text = r'{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00z"}'
    assert parse_text(text).value == json.loads(text)


def test_char_in_string_points_at_each_source_character():
    # source of the string: \u0078 is 'x' (6 source characters), 😀 as a surrogate pair (12)
    text = '{"e": "\\u0078 + \\ud83d\\ude00 + foo(x)"}'
    doc = parse_text(text)
    value = doc.value["e"]
    assert value == "x + \U0001F600 + foo(x)"
    assert doc.char_in_string(("e",), 0)[:2] == line_col(text, "\\u0078")
    assert doc.char_in_string(("e",), 2)[:2] == line_col(text, "+")
    assert doc.char_in_string(("e",), 4)[:2] == line_col(text, "\\ud83d")
    assert doc.char_in_string(("e",), value.index("foo"))[:2] == line_col(text, "foo")
    # one past the end: the closing quote
    assert doc.char_in_string(("e",), len(value))[:2] == line_col(text, '"}')


def test_byte_order_mark_is_skipped():
    doc = parse_bytes(b'\xef\xbb\xbf{"a": 1}')
    assert doc.value == {"a": 1} and doc.where(("a",)) == Pos(1, 7, 6)


def error_of(text: str | bytes) -> JsonError:
    with pytest.raises(JsonError) as caught:
        parse_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return caught.value


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_where_they_stand(word):
    text = '{\n  "eta": {"default": ' + word + "}\n}"
    error = error_of(text)
    assert (error.line, error.col) == line_col(text, word)
    assert error.path == ("eta", "default")
    assert f"'{word}' is not JSON" in error.message


def test_a_number_too_large_for_a_float_is_refused():
    error = error_of('{"x": 1e999}')
    assert (error.line, error.col) == (1, 7) and "too large" in error.message


def test_an_integer_too_large_for_a_float_is_refused():
    error = error_of('{"x": ' + "9" * 400 + "}")
    assert (error.line, error.col) == (1, 7) and "too large" in error.message
    assert parse_text('{"x": ' + "9" * 300 + "}").value["x"] == int("9" * 300)


def test_duplicate_key_points_at_the_second_and_names_the_first():
    text = '{\n  "id": "a",\n  "x": 1,\n  "id": "b"\n}'
    error = error_of(text)
    assert (error.line, error.col) == line_col(text, '"id"', 1)
    assert error.path == ("id",)
    assert "duplicate key" in error.message and "line 2, column 3" in error.message


def test_nested_duplicate_key_has_the_full_path():
    error = error_of('{"a": [{"k": 1, "k": 2}]}')
    assert error.path == ("a", 0, "k") and format_path(error.path) == "$.a[0].k"


@pytest.mark.parametrize("text, needle, gist", [
    ('{"a": 1 "b": 2}', '"b"', "expected ',' or '}'"),
    ('{"a": 1,}', "}", "expected a key in double quotes"),
    ('[1, 2,]', "]", "expected a JSON value"),
    ('{"a": tru}', "tru", "expected a JSON value"),
    ('{"a": 01}', "01", "leading zero"),
    ('{"a": 1.}', "}", "digits after the point"),
    ('{"a": -}', "-", "without digits"),
    ('{"a": "x\\q"}', "\\q", "bad escape"),
    ('{"a": "\\u12G4"}', "\\u", "four hex digits"),
    ('{"a": "\\udc00"}', "\\u", "lone low surrogate"),
    ('{"a": "\\ud800x"}', "\\u", "lone high surrogate"),
    ('{"a": "tab\there"}', "\there", "control character"),
    ('{"a": "open', '"open', "never ends"),
    ('{"a": 1} {', "{", "after the end"),
    ("{'a': 1}", "'", "double quotes"),
])
def test_syntax_errors_say_where_and_what(text, needle, gist):
    error = error_of(text)
    nth = 1 if needle == "{" else 0
    assert (error.line, error.col) == line_col(text, needle, nth)
    assert gist in error.message and "; expected" in error.message


@pytest.mark.parametrize("text, where", [("", (1, 1)), ("  \n\t ", (2, 3))])
def test_empty_and_blank_files(text, where):
    error = error_of(text)
    assert (error.line, error.col) == where  # the end of the file
    assert "empty" in error.message


def test_invalid_utf8_points_at_the_first_bad_byte():
    data = '{\n  "title": "café '.encode("utf-8") + b"\xff\xfe" + b'"\n}'
    error = error_of(data)
    assert (error.line, error.col) == (2, 18)  # after 17 characters on line 2, é counts once
    assert "invalid UTF-8" in error.message and "0xff" in error.message


def test_very_deep_nesting_is_an_error_not_a_crash():
    error = error_of("[" * 5000 + "]" * 5000)
    assert "nested" in error.message


def test_format_path_quotes_odd_keys():
    assert format_path(()) == "$"
    assert format_path(("goals", 0, "type")) == "$.goals[0].type"
    assert format_path(("a b", 'q"')) == '$["a b"]["q\\""]'
