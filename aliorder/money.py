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


_AMOUNT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


def amount(text: str, currency: str, what: str = "--price") -> Decimal:
    """A positive amount with no more decimals than the currency has."""
    cleaned = text.strip()
    if not _AMOUNT.fullmatch(cleaned) or len(cleaned) > 40:
        raise BadInput(f"{what} {text!r} is not an amount.", hint=f"Write it like {what} 12.99")
    value = Decimal(cleaned)
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
