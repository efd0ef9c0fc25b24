"""The qualification printed on a certificate, from the post-test.

No national table exists; these are the bands government training centres (LAN's
convention) print on STTP: above 90 "Sangat Memuaskan", above 80 "Memuaskan", above 70
"Baik Sekali", otherwise "Baik" (a participant below the pass mark gets no certificate).
"""

from decimal import Decimal

QUALIFICATION_BANDS = (
    (Decimal("90"), "Sangat Memuaskan"),
    (Decimal("80"), "Memuaskan"),
    (Decimal("70"), "Baik Sekali"),
)
DEFAULT_QUALIFICATION = "Baik"


def qualification(post_test: Decimal | None) -> str:
    if post_test is None:
        return DEFAULT_QUALIFICATION
    for above, label in QUALIFICATION_BANDS:
        if post_test > above:
            return label
    return DEFAULT_QUALIFICATION
