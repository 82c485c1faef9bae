"""`downhill levels`: list every level (id, chapter, title, goal), in play order."""

from __future__ import annotations

import json
import sys

from game.errors import CliError
from game.i18n import _, ngettext
from game.levels import Level, LevelError, load_levels


def register(subparsers) -> None:
    parser = subparsers.add_parser("levels", help=_("list every level: id, chapter, title, goal"),
                                   description=_("List every level in play order: id, chapter, title and goal, "
                                                 "in the chosen language (--json: the English data)."))
    parser.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    parser.set_defaults(func=run)


def level_summary(level: Level) -> dict:
    return {
        "id": level.id, "kind": level.kind, "title": level.title, "order": level.order,
        "chapter": {"id": level.chapter.id, "title": level.chapter.title, "order": level.chapter.order},
        "goal": level.goal_line, "goals": [goal.text for goal in level.goals],
    }


def table(levels: tuple[Level, ...]) -> list[str]:
    """The list a person reads, in the active language (`--json` stays English: it is data)."""
    rows = [(_("ID"), _("CHAPTER"), _("TITLE"), _("GOAL"))]
    rows += [(lv.id, lv.chapter.local_title, lv.local_title, lv.local_goal_line) for lv in levels]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3]
            for row in rows]


def run(args) -> int:
    try:
        found = load_levels()
    except LevelError as error:
        raise CliError(str(error)) from None
    if args.json:
        print(json.dumps([level_summary(level) for level in found.levels], indent=2, ensure_ascii=False))
    else:
        print("\n".join(table(found.levels)))
    if found.problems:
        files = len({p.path for p in found.problems})
        print("downhill levels: " + ngettext(
            "{count} level file could not be loaded; run `downhill check-levels` to see why",
            "{count} level files could not be loaded; run `downhill check-levels` to see why",
            files).format(count=files), file=sys.stderr)
        return 1
    return 0
