"""The translation seam is used the way extraction can see it (AST checks over game/)."""

from __future__ import annotations

from game.i18n_lint import shadowed_underscore, wrapped_inside_fstrings


def test_no_function_binds_underscore_where_it_is_the_translation_function():
    assert [str(f) for f in shadowed_underscore()] == []


def test_no_literal_is_translated_inside_an_f_string():
    assert [str(f) for f in wrapped_inside_fstrings()] == []
