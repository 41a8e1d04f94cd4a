"""Everything the buyer sees: Rich tables and panels, plain lines, and the JSON shapes.

User text (items, sellers, notes) is shown as `Text`, never as markup, with
control and bidi-override characters removed. Rich is imported only when a
command prints something human.

`render.X` works for every public name; each is loaded from its module on first use,
so `list | cat` loads the consoles and the tables, not `show`'s page or tick's report.

- `output`: what every part uses: the consoles (`console`, `is_terminal`: the other modules
  look them up here when they print, so a test sets them on `render.output`), times, JSON
  writing, errors, notes, text helpers, the statuses' styles and the deadline kinds' words
- `documents`: the JSON shapes of `--json`
- `order`: one order's page (`show`) and what can be done now, as command lines
- `changes`: what a command that records something says, its drafts, the guided summaries
- `tables`: the tables that fit the terminal (`list`, `deadlines`), those of `reasons` and `rules`
- `files`: what the commands of cli/files.py say: import's report and progress bar, export's
  line, the sellers' scorecard, the backups and restore
- `tick`: tick's report
- `daily`: bare `aliorder`, today's view
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy_exports

_MODULES = {
    "output": ("STATUS_STYLE", "DEADLINE_LABEL", "DEADLINE_SHORT", "money", "console", "rich_console",
               "stdout_to_devnull", "reset", "is_terminal", "local", "span", "countdown", "when_text",
               "json_out", "json_list_out", "error", "internal_error", "clean_lines", "note", "clean",
               "ITEM_WIDTH", "shorten"),
    "documents": ("order_document", "change_document", "deadline_document", "tick_document",
                  "seller_document", "reasons_document", "took_back_document", "rule_document",
                  "import_document", "backup_document"),
    "order": ("order_detail", "FLAG_WORDS", "event_line", "ACTION_WORDS", "filled", "action_lines",
              "what_you_can_do"),
    "changes": ("recorded", "edited", "step_words", "took_back", "forgotten", "placed", "draft", "draft_text",
                "order_choice", "cancel_summary", "place_summary"),
    "tables": ("SCREENFUL", "URGENT", "short_date", "GAP", "Column", "countdown_at", "STATUS_WORDS",
               "STATUS_SHORT", "DEADLINE_TINY", "DEADLINE_ONE_WORD", "order_list", "deadline_what",
               "deadline_who", "deadline_table", "reasons_table", "rules_table"),
    "files": ("import_progress", "imported", "exported", "SELLER_COLUMNS", "seller_table", "backup_list",
              "restored"),
    "tick": ("RULE_WHY", "tick_report", "TICK_ADVICE"),
    "daily": ("DEALS_WITH", "today"),
}
__all__, __getattr__, __dir__ = lazy_exports(globals(), _MODULES)


if TYPE_CHECKING:
    from .changes import (cancel_summary, draft, draft_text, edited, forgotten, order_choice, place_summary,
                          placed, recorded, step_words, took_back)
    from .daily import DEALS_WITH, today
    from .documents import (backup_document, change_document, deadline_document, import_document,
                            order_document, reasons_document, rule_document, seller_document, tick_document,
                            took_back_document)
    from .files import SELLER_COLUMNS, backup_list, exported, import_progress, imported, restored, seller_table
    from .order import (ACTION_WORDS, FLAG_WORDS, action_lines, event_line, filled, order_detail,
                        what_you_can_do)
    from .output import (DEADLINE_LABEL, DEADLINE_SHORT, ITEM_WIDTH, STATUS_STYLE, clean, clean_lines,
                         console, countdown, error, internal_error, is_terminal, json_list_out, json_out,
                         local, money, note, reset, rich_console, shorten, span, stdout_to_devnull, when_text)
    from .tables import (DEADLINE_ONE_WORD, DEADLINE_TINY, GAP, SCREENFUL, STATUS_SHORT, STATUS_WORDS, URGENT,
                         Column, countdown_at, deadline_table, deadline_what, deadline_who, order_list,
                         reasons_table, rules_table, short_date)
    from .tick import RULE_WHY, TICK_ADVICE, tick_report
