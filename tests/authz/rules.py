"""How a route is classified: one ``Rule`` (or a tuple of variants) per route in the registry.

Reading a rule, for a role and a method:

- ``anonymous``: ``LOGIN`` sends an anonymous visitor to log in (401/403 from the API); ``OPEN``
  serves them (public pages: health, verification, the IKM form…).
- ``gate`` / ``write_gate``: the signed-in roles the route serves at all, for reads / writes;
  any other role is refused (403 or 404).
- ``target``: the world object the URL names (its pk fills the route's one parameter, or
  ``kwargs`` builds them). A route with a target, or whose write ``body_scoped`` names agency
  B's data, is *scoped*: a role outside ``reach`` (reads) / ``write_reach`` (writes) is refused.
- ``may_change``: the roles whose write may change agency B's data or the target; after any
  other role's write both are exactly as before (default: ``write_reach`` of a scoped route).
- ``refusal``: the statuses that count as refusing (403/404; a form re-rendered with its error,
  200, where the database proves nothing was written).
- Whatever the outcome, a response never holds a marker of data the role may not read
  (``world.secrets_for``), except markers in ``allows`` (a public verification shows the
  holder's name). ``shows`` are markers a role in ``reach`` must see (the positive control
  proving the markers are real); ``sees`` maps a role to markers of its own rows it must see.
- ``methods``: what an HTML route is sent (API routes answer what their viewset maps);
  ``query`` and ``body`` build the query string and a plausible body (``json=False``: a form);
  ``label`` names a variant when one route has several rules.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.authz.world import ADMIN, ANON, B_READERS, COORD_A, COORD_B, HR, SIGNED_IN, SUPERVISOR

LOGIN = "login"
OPEN = "open"

ALL = SIGNED_IN
EVERYONE = SIGNED_IN | {ANON}
NOBODY: frozenset[str] = frozenset()
HR_ADMIN = frozenset({HR, ADMIN})
B_MANAGERS = frozenset({COORD_B, ADMIN})
# Who manages offerings of some unit (can_manage_offerings): coordinators and administrators.
MANAGERS = frozenset({COORD_A, COORD_B, ADMIN})
# Coordinators, HR and administrators: reports, impact, training needs, compliance, reviews.
ANALYSTS = frozenset({COORD_A, COORD_B, HR, ADMIN})
# The regency-wide catalog is kept by BKPSDM coordinators and administrators.
CATALOG = frozenset({ADMIN})
SUPERVISORS = frozenset({SUPERVISOR})


@dataclass(frozen=True)
class Rule:
    anonymous: str = LOGIN
    gate: frozenset[str] = ALL
    write_gate: frozenset[str] | None = None
    target: str | None = None
    kwargs: Callable | None = None
    query: Callable | None = None
    reach: frozenset[str] = B_READERS
    write_reach: frozenset[str] | None = None
    body_scoped: bool = False
    may_change: frozenset[str] | None = None
    methods: tuple[str, ...] = ("GET",)
    body: Callable | None = None
    json: bool = True
    refusal: frozenset[int] = frozenset({403, 404})
    shows: tuple[str, ...] = ()
    sees: dict[str, tuple[str, ...]] = field(default_factory=dict)
    allows: tuple[str, ...] = ()
    label: str = ""

    def gate_for(self, method: str) -> frozenset[str]:
        return (
            self.gate if method in ("GET", "HEAD") else (self.write_gate if self.write_gate is not None else self.gate)
        )

    def scoped(self, method: str) -> bool:
        return self.target is not None or (method not in ("GET", "HEAD") and self.body_scoped)

    def reach_for(self, method: str) -> frozenset[str]:
        if method in ("GET", "HEAD"):
            return self.reach
        return self.write_reach if self.write_reach is not None else self.reach

    def changers(self, method: str) -> frozenset[str]:
        if self.may_change is not None:
            return self.may_change
        return self.reach_for(method) if self.scoped(method) else NOBODY


def page(**kwargs) -> Rule:
    """A signed-in page or endpoint naming no object: served to its ``gate``, never showing agency B
    to a role that does not read it."""
    return Rule(**kwargs)


def public(**kwargs) -> Rule:
    return Rule(anonymous=OPEN, **kwargs)


def scoped(target: str, **kwargs) -> Rule:
    """A route whose URL names one of agency B's objects."""
    return Rule(target=target, **kwargs)
