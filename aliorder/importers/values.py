"""The texts of an exported file as values: amounts, currencies and instants.

Currency symbols and the month names of localised dates come from CLDR through babel
(imported only here, only by `import`), so "zł", "R$", "CA$" or "12. Mär 2024" are read
the way the platform's own locales write them. The tables built from babel are kept in
importers/cldr.py (scripts/gen_cldr), used while the installed babel is the one they were
made with: loading its locales took ~90 ms of every import. Each result is cached by its text: an
export repeats the same dates and symbols on thousands of rows.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any


class BadValue(ValueError):
    """A text that is no amount, no date, or names no one currency."""


class Ambiguous(BadValue):
    """A symbol that several currencies use ($, ¥): the buyer names the currency."""

    def __init__(self, symbol: str, codes: list[str]):
        super().__init__(f"{symbol!r} is the symbol of several currencies ({', '.join(codes[:6])}, ...)")
        self.symbol, self.codes = symbol, codes


# Locales whose currency symbols the platform shows (its site languages, and the
# English variants where "$" is the local dollar, which makes "$" ambiguous as it is).
# The first ones answer nearly every file; the rest load only for a symbol they lack.
_FIRST_LOCALES = ("en", "en_CA", "en_AU", "es_MX", "zh", "ja", "pt_BR", "de", "fr", "pl", "ru")
_MORE_LOCALES = ("en_NZ", "en_SG", "en_HK", "es_CL", "es_CO", "es_AR", "ko", "uk", "pt", "de_CH",
                 "fr_CH", "it", "es", "nl", "tr", "he", "ar", "th", "vi", "id", "ms", "cs", "sv", "da",
                 "nb", "hu", "ro", "bg", "kk", "be", "hi", "fil")
# What AliExpress writes that CLDR does not: Russian's old abbreviation of the rouble,
# which the site still shows. ("US $" is CLDR's US$ once its space is gone.)
_ALIASES = {"руб.": "RUB", "руб": "RUB", "р.": "RUB"}


# --- CLDR through babel, or the same tables made from it (importers/cldr.py) ----------


def _babel_version() -> str | None:
    """The installed babel's version, read from its __init__.py without importing it."""
    import importlib.util
    from pathlib import Path

    try:
        spec = importlib.util.find_spec("babel")
        text = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    except (ImportError, OSError, ValueError):
        return None
    found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.M)
    return found.group(1) if found else None


@lru_cache(maxsize=1)
def _tables() -> Any:
    """importers/cldr.py: the tables below as this version of babel computes them
    (scripts/gen_cldr), which spares loading a dozen locales (~90 ms) on every import; None
    when the installed babel is another version: then babel is asked, as always."""
    from . import cldr

    return cldr if _babel_version() == cldr.BABEL else None


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    tables = _tables()
    return tables.CODES if tables is not None else _live_codes()


def _live_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@lru_cache(maxsize=2)
def _symbols(everywhere: bool) -> dict[str, frozenset[str]]:
    """Symbol (spaces removed, casefolded) -> the codes it stands for in those locales."""
    tables = _tables()
    return tables.SYMBOLS[everywhere] if tables is not None else _live_symbols(everywhere, _codes())


def _live_symbols(everywhere: bool, codes: frozenset[str]) -> dict[str, frozenset[str]]:
    from babel import Locale

    table: dict[str, set[str]] = {}
    for name in _FIRST_LOCALES + (_MORE_LOCALES if everywhere else ()):
        for code, symbol in Locale.parse(name).currency_symbols.items():
            if code in codes and symbol != code:
                table.setdefault(symbol.replace(" ", "").casefold(), set()).add(code)
    for symbol, code in _ALIASES.items():
        table.setdefault(symbol.casefold(), set()).add(code)
    return {symbol: frozenset(found) for symbol, found in table.items()}


@lru_cache(maxsize=4096)
def currency(text: str) -> str:
    """The ISO 4217 code a code or symbol names; Ambiguous or BadValue if none or several."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.isalpha() and len(cleaned) == 3 and cleaned.upper() in _codes():
        return cleaned.upper()
    found = _symbols(False).get(cleaned.casefold()) or _symbols(True).get(cleaned.casefold())
    if not found:
        raise BadValue(f"{text!r} is not a currency aliorder knows")
    if len(found) > 1:
        raise Ambiguous(text.strip(), sorted(found))
    return next(iter(found))


@lru_cache(maxsize=512)
def minor_digits(code: str) -> int:
    tables = _tables()
    if tables is not None and code in tables.MINOR:
        return tables.MINOR[code]
    from babel.numbers import get_currency_precision

    return get_currency_precision(code)


@lru_cache(maxsize=512)
def minor_unit(code: str) -> Decimal:
    """The currency's smallest amount (0.01 for USD, 1 for JPY), to quantize prices with."""
    return Decimal(1).scaleb(-minor_digits(code))


_PLAIN = re.compile(r"\d{1,9}(\.\d{1,4})?")
_NUMBER = re.compile(r"[-+]?\d[\d\s\u00a0\u202f.,']*")


@lru_cache(maxsize=8192)
def _split_amount(text: str) -> tuple[Decimal, str]:
    """(amount, the symbol or code around it) of '129,46zł', 'US $1,234.56', '€12,34'."""
    found = list(_NUMBER.finditer(text))
    if len(found) != 1:
        raise BadValue(f"{text!r} is not an amount")
    digits = re.sub(r"[\s\u00a0\u202f']", "", found[0].group()).rstrip(".,")
    symbol = (text[:found[0].start()] + " " + text[found[0].end():]).strip()
    if symbol.endswith("-") or symbol.startswith("-"):
        raise BadValue(f"{text!r} is a negative amount")
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:  # both: the last one is the decimal mark
        mark = "." if last_dot > last_comma else ","
        other = "," if mark == "." else "."
        digits = digits.replace(other, "").replace(mark, ".")
    elif last_comma >= 0:
        # A comma followed by one or two digits is a decimal comma ("129,46zł"); else thousands.
        tail = digits[last_comma + 1:]
        digits = (digits.replace(",", ".") if digits.count(",") == 1 and 1 <= len(tail) <= 2
                  else digits.replace(",", ""))
    elif digits.count(".") > 1:
        digits = digits.replace(".", "")  # 1.234.567 (thousands)
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise BadValue(f"{text!r} is not an amount") from None
    return value, symbol


def amount(value: Any) -> tuple[Decimal, str]:
    """An exported amount as (Decimal, the symbol or code written with it, '' if none)."""
    if isinstance(value, bool) or value is None:
        raise BadValue("there is no amount")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue(f"{value!r} is not an amount")
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value), ""
    return _amount_text(str(value).strip())


@lru_cache(maxsize=8192)
def _amount_text(text: str) -> tuple[Decimal, str]:
    # Cached by the text (Decimals are immutable): an export repeats its prices.
    if not text:
        raise BadValue("the amount is empty")
    if _PLAIN.fullmatch(text):  # "26.70": most exporters strip the symbol
        return Decimal(text), ""
    return _split_amount(text)


# --- instants ------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?")
_WORDS = re.compile(r"[^\W\d_]+\.?")


def _local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A wall-clock time in the buyer's zone, as an aware instant."""
    naive = datetime(year, month, day, hour, minute, second)
    return naive.astimezone()  # the local zone, with its offset on that day


_MONTH_LOCALES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr", "cs", "sv",
                  "da", "nb", "ro", "hu")


@lru_cache(maxsize=2)
def _months(everywhere: bool) -> dict[str, int]:
    """Month names and abbreviations, lowercased, from CLDR: English and German first (the
    exporters' usual pages), every language of the platform when a word is not found there.

    A word that names different months in two languages is left out."""
    tables = _tables()
    return tables.MONTHS[everywhere] if tables is not None else _live_months(everywhere)


def _live_months(everywhere: bool) -> dict[str, int]:
    from babel import Locale

    table: dict[str, int] = {}
    clashes: set[str] = set()
    for name in _MONTH_LOCALES if everywhere else _MONTH_LOCALES[:2]:
        months = Locale.parse(name).months
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for number, word in months[context][width].items():
                    for form in {word.casefold().rstrip("."), word.casefold().rstrip(".")[:3]}:
                        if len(form) < 3 and not form.isdigit():
                            continue
                        if table.get(form, number) != number:
                            clashes.add(form)
                        table[form] = number
    table["sept"] = 9
    for form in clashes:
        table.pop(form, None)
    return table


def instant(value: Any, month_first: bool = False) -> tuple[datetime, bool]:
    """(the instant, whether the text gave a time of day) of an exported date."""
    if isinstance(value, bool) or value is None:
        raise BadValue("there is no date")
    if isinstance(value, (int, float)):
        return _epoch(value), True
    return _instant_text(str(value).strip(), month_first, time.tzname)


def _epoch(number: float) -> datetime:
    seconds = number / 1000 if abs(number) >= 1e11 else number  # epoch milliseconds, else seconds
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise BadValue(f"{number!r} is not a date") from None


@lru_cache(maxsize=8192)
def _instant_text(text: str, month_first: bool, zone: tuple[str, str]) -> tuple[datetime, bool]:
    """Cached by the text and the local zone (a date without a time is midnight there)."""
    if not text:
        raise BadValue("the date is empty")
    try:
        return _parse(text, month_first)
    except (ValueError, OverflowError) as e:
        if isinstance(e, BadValue):
            raise
        raise BadValue(f"{text!r} is not a date") from None


def _parse(text: str, month_first: bool) -> tuple[datetime, bool]:
    if text.isascii() and text.isdigit() and len(text) in (10, 13):
        return _epoch(int(text)), True
    if text[:4].isdigit() and ("T" in text or text.endswith("Z") or "+" in text[10:]):
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return (at if at.tzinfo else at.astimezone()), True
    if (m := _ISO_DATE.match(text)) is not None:
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        return _local(y, mo, d, h, mi, s), m.group(4) is not None
    if (m := _NUMERIC.match(text)) is not None:
        first, sep, second, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        # M/D/YYYY only where the exporter is known to write it; D.M.YYYY and D/M/YYYY elsewhere.
        month, day = (first, second) if month_first and sep == "/" else (second, first)
        h, mi, s = (int(g) if g else 0 for g in m.groups()[4:])
        return _local(year, month, day, h, mi, s), m.group(5) is not None
    return _worded(text)


def _worded(text: str) -> tuple[datetime, bool]:
    """'Aug 3, 2025', '3. Aug 2025', '12. Mär 2024', 'Sep 13, 2026 10:21', '3 août 2025'."""
    hour = minute = second = 0
    timed = _TIME.search(text)
    rest = text
    if timed is not None:
        hour, minute, second = int(timed.group(1)), int(timed.group(2)), int(timed.group(3) or 0)
        meridiem = (timed.group(4) or "").lower().replace(".", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
        rest = text[:timed.start()] + " " + text[timed.end():]
    month = None
    for everywhere in (False, True):
        months = _months(everywhere)
        for word in _WORDS.findall(rest):
            word = word.casefold().rstrip(".")
            month = months.get(word) or months.get(word[:3])
            if month is not None:
                break
        if month is not None:
            break
    numbers = [int(n) for n in re.findall(r"\d+", rest)]
    years = [n for n in numbers if n >= 1000]
    days = [n for n in numbers if 1 <= n <= 31]
    if month is None or len(years) != 1 or len(days) != 1:
        raise BadValue(f"{text!r} is not a date")
    return _local(years[0], month, days[0], hour, minute, second), timed is not None


def generated_tables() -> str:
    """importers/cldr.py as the installed babel makes it (scripts/gen_cldr writes it)."""
    import babel
    from babel.numbers import get_currency_precision

    codes = _live_codes()

    def symbols(table: dict[str, frozenset[str]]) -> str:
        return "{\n" + "".join(f"        {symbol!r}: frozenset({tuple(sorted(found))!r}),\n"
                               for symbol, found in sorted(table.items())) + "    }"

    def months(table: dict[str, int]) -> str:
        return "{\n" + "".join(f"        {word!r}: {n},\n" for word, n in sorted(table.items())) + "    }"

    minor = "".join(f"    {code!r}: {get_currency_precision(code)},\n" for code in sorted(codes))
    return (f'''"""CLDR's currency codes, minor units, currency symbols and month names as babel
{babel.__version__} gives them, in the tables aliorder.importers.values builds from it.

Generated by scripts/gen_cldr: do not edit. values.py uses these only while the installed
babel is this version (else it asks babel), and tests fail when they drift from it.
"""

BABEL = {babel.__version__!r}

CODES = frozenset({tuple(sorted(codes))!r})

MINOR = {{
{minor}}}

SYMBOLS = {{
    False: {symbols(_live_symbols(False, codes))},
    True: {symbols(_live_symbols(True, codes))},
}}

MONTHS = {{
    False: {months(_live_months(False))},
    True: {months(_live_months(True))},
}}
''')
