"""Amounts as Decimal, parsed from the buyer's text, never through float."""

from __future__ import annotations

import re
from decimal import Decimal

from .errors import BadInput

LARGEST_AMOUNT = Decimal("1000000")

# ISO 4217 codes in use, with the currencies whose minor unit is not 2 digits.
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split())
MINOR_DIGITS = {
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
}


def currency_code(text: str) -> str:
    code = text.strip().upper()
    if code not in ISO_4217:
        raise BadInput(f"{text!r} is not an ISO 4217 currency code.",
                       hint="Use a three-letter code such as USD, EUR, GBP or CNY.")
    return code


def shown(amount: Decimal | str, currency: str) -> str:
    """An amount as the buyer reads it everywhere: "3.50 USD"."""
    return f"{amount} {currency}"


# The number, as typed: ASCII digits only ("١٢" and "１２" look like 12 and are not), a decimal
# point, or a decimal comma when exactly two digits follow it ("12,99"; "1,299" is neither).
# (Patterns, not compiled regexes: re compiles them when an amount is first parsed, not on
# every `show`, which imports this module for `shown`.)
_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+|[0-9]+,[0-9]{2})"
# What may stand before or after the number and names its currency: a code ("5 EUR"), a sign
# ("€4.50"), or both ("US $5"). A bare "$" names no currency (a dozen use it).
SIGNS = {
    "€": "EUR", "£": "GBP", "US$": "USD", "US $": "USD", "USD$": "USD", "CA$": "CAD", "C$": "CAD",
    "AU$": "AUD", "A$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN",
    "₽": "RUB", "₹": "INR", "₩": "KRW", "₺": "TRY", "₴": "UAH", "₪": "ILS", "₫": "VND",
    "฿": "THB", "₱": "PHP", "zł": "PLN", "Kč": "CZK", "Ft": "HUF", "лв": "BGN", "₸": "KZT",
    "CN¥": "CNY", "RMB": "CNY", "JP¥": "JPY",
}
DOLLARS = frozenset("USD CAD AUD NZD HKD SGD MXN TWD".split())
# Signs several currencies share: with --currency one of them, the sign agrees; alone, which
# one is asked for.
SHARED = {"$": DOLLARS, "¥": frozenset({"JPY", "CNY"})}
_WHICH = {"$": "Say which dollar: {what} 'US $5', or {what} {n} --currency CAD",
          "¥": "Say which: {what} {n} --currency JPY (yen), or --currency CNY (yuan)"}
_SPLIT = (r"\s*(?P<before>[^0-9.,\-\s]*(?:\s+[^0-9.,\-\s]+)?)\s*(?P<number>-?[0-9.,]+)\s*"
          r"(?P<after>[^0-9.,\-]*?)\s*")


def _named(mark: str) -> str | None:
    """The currency a mark beside a number names ("EUR", "€", "US $"), or None if none."""
    squeezed = " ".join(mark.split())
    if squeezed.upper() in ISO_4217:
        return squeezed.upper()
    for form in (squeezed, squeezed.replace(" ", ""), squeezed.upper(), squeezed.upper().replace(" ", "")):
        if form in SIGNS:
            return SIGNS[form]
    return None


def currency_in(text: str) -> str | None:
    """The currency an amount's text names ("€4.50" EUR, "5 usd" USD), if it names one it knows."""
    parts = re.fullmatch(_SPLIT, text.strip()) if len(text) <= 40 else None
    mark = (parts["before"] or parts["after"]) if parts else ""
    return _named(mark) if mark else None


def priced(text: str, currency: str | None, what: str = "--price",
           against: str = "--currency") -> tuple[Decimal, str]:
    """An amount and its currency from the buyer's text ("12,99", "€4.50", "US $5", "5 EUR").

    `currency`: the code given apart (--currency), if any; one the text disagrees with is a
    usage error. Neither: USD."""
    cleaned = text.strip()
    example = f"Write it like {what} 12.99"
    parts = re.fullmatch(_SPLIT, cleaned) if len(cleaned) <= 40 else None
    if parts is None or (parts["before"] and parts["after"]):
        raise BadInput(f"{what} {text!r} is not an amount.", hint=example)
    mark = parts["before"] or parts["after"]
    named = _named(mark) if mark else None
    shared = SHARED.get(mark.strip())
    if shared is not None and currency in shared:
        named = currency  # "$5 --currency CAD", "¥500 --currency JPY": the sign agrees
    if shared is not None and named is None:
        raise BadInput(f"{what} {text!r}: {mark.strip()!r} is the sign of several currencies "
                       f"({', '.join(sorted(shared))}).",
                       hint=_WHICH[mark.strip()].format(what=what, n=parts["number"]))
    if mark and named is None:
        raise BadInput(f"{what} {text!r}: {mark.strip()!r} is not a currency aliorder knows.",
                       hint=f"{example} and give the currency apart, like --currency EUR")
    if named is not None and currency is not None and named != currency:
        raise BadInput(f"{what} {text!r} is in {named}, but {against} is {currency}.",
                       hint=f"Give one of them, or make them agree: {what} {parts['number']} --currency {named}")
    code = named or currency or "USD"
    return _amount(parts["number"], code, what, text), code


def amount(text: str, currency: str, what: str = "--price", against: str = "the order's currency") -> Decimal:
    """A positive amount in `currency` with no more decimals than it has ("4,50" and "€4.50"
    for EUR too; text in another currency is a usage error)."""
    return priced(text, currency, what, against)[0]


def _amount(number: str, currency: str, what: str, text: str) -> Decimal:
    if not re.fullmatch(_NUMBER, number):
        hint = (f"A comma is a decimal comma only before exactly two digits ({what} 12,99); "
                f"write {what} 1299 or {what} 1.299 as you mean it" if "," in number
                else f"Write it like {what} 12.99")
        raise BadInput(f"{what} {text!r} is not an amount.", hint=hint)
    value = Decimal(number.replace(",", "."))
    if value <= 0:
        raise BadInput(f"{what} must be a positive amount, not {text!r}.",
                       hint=f"Write it like {what} 12.99")
    if value > LARGEST_AMOUNT:
        raise BadInput(f"{what} {text!r} is more than any AliExpress order "
                       f"(at most {LARGEST_AMOUNT:,} {currency}).",
                       hint=f"Check the amount: {what} is the order's total in {currency}, like {what} 12.99")
    digits = MINOR_DIGITS.get(currency, 2)
    if -value.normalize().as_tuple().exponent > digits:
        raise BadInput(f"{what} {text!r} has more decimals than {currency} has ({digits}).",
                       hint=f"Give at most {digits} decimals, like {what} {12:.{digits}f}" if digits
                       else f"Give a whole number of {currency}, like {what} 1200")
    return value.quantize(Decimal(1).scaleb(-digits))
