"""The table of ``lms.bench.suggestions``: figures per size and database, growth, and the goals."""

from django.utils.translation import gettext as _


def _yes(verdict: bool | None) -> str:
    return {True: _("met"), False: _("MISSED"), None: _("not measured")}[verdict]


def _print_database(stdout, style, label: str, figures: dict) -> None:
    stdout.write(style.MIGRATE_HEADING(_("Suggestions and impact on %(db)s") % {"db": label}))
    if "skipped" in figures:
        stdout.write("  " + figures["skipped"])
        return
    heads = (
        _("Employees"),
        _("Scores"),
        _("Gaps"),
        _("Seed s"),
        _("All 1st s"),
        _("All 2nd s"),
        _("Changed s"),
        _("Created"),
        _("One p50 ms"),
        _("One p95 ms"),
        _("Impact s"),
        _("Courses"),
        _("Enough"),
        _("Peak MB"),
    )
    stdout.write("  " + "  ".join(f"{head:>10}" for head in heads))
    for row in figures["sizes"]:
        if "error" in row:
            stdout.write(f"  {row['employees']:>10}  " + _("failed: %(error)s") % {"error": row["error"]})
            continue
        cells = (
            row["employees"],
            row["scores"],
            row["gaps"],
            f"{row['seed']['seconds']:.1f}",
            f"{row['all_first']['seconds']:.2f}",
            f"{row['all_second']['seconds']:.2f}",
            f"{row['all_changed']['seconds']:.2f}",
            row["all_first"]["created"],
            row["one"]["median_ms"],
            row["one"]["p95_ms"],
            f"{row['impact']['seconds']:.2f}",
            row["impact"]["courses"],
            row["impact"]["enough_data"],
            row["peak_rss_mb"],
        )
        stdout.write("  " + "  ".join(f"{cell!s:>10}" for cell in cells))
    for step in figures["growth"]:
        stdout.write(
            "  "
            + _(
                "Growth %(a)d → %(b)d (time ratio ÷ size ratio, goal ≤ 1): all employees %(first)s (1st run), "
                "%(second)s (2nd run), %(changed)s (all changed); impact %(impact)s; one employee %(one)s"
            )
            % {
                "a": step["from"],
                "b": step["to"],
                "first": step["all_first"],
                "second": step["all_second"],
                "changed": step["all_changed"],
                "impact": step["impact"],
                "one": step["one_median"],
            }
        )
    met = figures["goals_met"]
    all_goal = _("all employees at 8,000 ≤ 30 s: %(verdict)s") % {"verdict": _yes(met["all_at_8000"])}
    if not met["all_at_8000_counts"]:
        all_goal += " " + _("(the goal is for PostgreSQL)")
    stdout.write(
        "  "
        + _(
            "Goals: %(all)s; one employee at 8,000 p95 ≤ 50 ms: %(one)s; impact at 8,000 ≤ 2 s: %(impact)s; "
            "growth ≤ linear: %(growth)s"
        )
        % {
            "all": all_goal,
            "one": _yes(met["one_p95_at_8000"]),
            "impact": _yes(met["impact_at_8000"]),
            "growth": _yes(met["growth"]),
        }
    )


def print_figures(stdout, style, figures: dict) -> None:
    _print_database(stdout, style, "SQLite", figures["sqlite"])
    _print_database(stdout, style, "PostgreSQL", figures["postgresql"])
