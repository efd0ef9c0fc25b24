"""The table of ``certificates.bench``: figures per phase and database, with the goals beside them."""

from django.utils.translation import gettext as _

PHASES = ("seed", "pipeline", "direct_plain", "direct_shared", "offering")


def _yes(verdict: bool | None) -> str:
    return {True: _("met"), False: _("MISSED"), None: _("not measured")}[verdict]


def _kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def _memory(row: dict) -> str:
    return " → ".join(f"{mark['renders']}: {mark['rss_mb']}" for mark in row["memory"])


def _print_phases(stdout, figures: dict) -> None:
    labels = {
        "pipeline": _("Pipeline (certificate_render)"),
        "direct_plain": _("WeasyPrint HTML().write_pdf()"),
        "direct_shared": _("WeasyPrint, shared fonts"),
    }
    heads = (_("p50 ms"), _("p95 ms"), _("max ms"), _("cert/s"), _("mean KB"), _("max KB"), _("peak MB"), _("growth"))
    stdout.write(f"  {'':<30}  " + "  ".join(f"{head:>8}" for head in heads) + "  " + _("RSS MB after N renders"))
    for phase, label in labels.items():
        row = figures.get(phase, {"error": _("not run")})
        if "error" in row:
            stdout.write(f"  {label:<30}  " + _("failed: %(error)s") % {"error": row["error"]})
            continue
        cells = (
            row["p50_ms"],
            row["p95_ms"],
            row["max_ms"],
            row["per_second"],
            _kb(row["pdf_mean_bytes"]),
            _kb(row["pdf_max_bytes"]),
            row["memory"][-1]["hwm_mb"],
            row["rss_growth_mb"],
        )
        stdout.write(f"  {label:<30}  " + "  ".join(f"{cell!s:>8}" for cell in cells) + "  " + _memory(row))


def _print_offering(stdout, row: dict) -> None:
    if "error" in row:
        stdout.write("  " + _("Offering: failed: %(error)s") % {"error": row["error"]})
        return
    stdout.write(
        "  "
        + _(
            "Offering of %(n)d on %(workers)d workers: %(wall).1f s from the issue action to the last PDF "
            "(the action itself %(issue).1f s, %(mode)s; render p50 %(p50)s ms, p95 %(p95)s ms); "
            "%(published)d renders queued, %(issued)d issued, %(errors)d errors, %(retries)d retries after "
            "“database is locked”; numbers %(first)s … %(last)s, gapless: %(gapless)s"
        )
        % {
            "n": row["participants"],
            "workers": row["workers"],
            "wall": row["wall_s"],
            "issue": row["issue_s"],
            "published": row["published"],
            "mode": _("the renders overlapping it")
            if row["streamed"]
            else _("the renders after it: SQLite takes one writer at a time"),
            "retries": row["lock_retries"],
            "p50": row["render_p50_ms"],
            "p95": row["render_p95_ms"],
            "issued": row["issued"],
            "errors": row["errors"],
            "first": row["first_number"],
            "last": row["last_number"],
            "gapless": _("yes") if row["gapless"] and row["numbers_unique"] else _("NO"),
        }
    )
    for sample in row["error_samples"]:
        stdout.write("    " + sample)
    shares = ", ".join(f"{worker['renders']} ({worker['rss_mb']} MB)" for worker in row["per_worker"])
    stdout.write("  " + _("Renders per worker (its memory at the end): %(shares)s") % {"shares": shares})


def _print_database(stdout, style, label: str, figures: dict, goals: dict) -> None:
    stdout.write(style.MIGRATE_HEADING(_("Certificates on %(db)s") % {"db": label}))
    if "skipped" in figures:
        stdout.write("  " + figures["skipped"])
        return
    seed = figures["seed"]
    if "error" in seed:
        stdout.write("  " + _("Writing the data failed: %(error)s") % {"error": seed["error"]})
        return
    stdout.write(
        "  "
        + _(
            "%(db)s; %(renders)d timed renders per phase after %(warmup)d warm-up; data written in %(seconds)s s; "
            "load average before each phase: %(load)s"
        )
        % {
            "load": ", ".join(str(figures.get(phase, {}).get("load_before")) for phase in PHASES),
            "db": seed["database"],
            "renders": figures["renders"],
            "warmup": figures.get("pipeline", {}).get("warmup", 0),
            "seconds": seed["seconds"],
        }
    )
    _print_phases(stdout, figures)
    same = figures.get("direct_shared", {}).get("same_pdf_as_pipeline")
    if same is not None:
        stdout.write(
            "  "
            + _("Same HTML, same PDF: %(same)d of %(n)d shared-font renders byte-identical to the stored one")
            % {"same": same, "n": figures["direct_shared"]["renders"] + figures["direct_shared"]["warmup"]}
        )
    _print_offering(stdout, figures.get("offering", {"error": _("not run")}))
    met = figures["goals_met"]
    stdout.write(
        "  "
        + _(
            "Goals: pipeline ÷ WeasyPrint p50 ≤ %(ratio)s: %(plain)s × (%(plain_v)s); ÷ WeasyPrint with shared fonts "
            "%(shared)s × (%(shared_v)s); %(size)d people in ≤ %(seconds)d s on %(workers)d workers: %(offering)s; "
            "≤ %(kb)d KB per PDF: %(pdf)s; flat memory (≤ %(growth)s MB from the 100th render on): %(flat)s"
        )
        % {
            "ratio": goals["ratio"],
            "plain": figures["ratio_plain"],
            "plain_v": _yes(met["ratio_plain"]),
            "shared": figures["ratio_shared"],
            "shared_v": _yes(met["ratio_shared"]),
            "size": goals["offering_size"],
            "seconds": goals["offering_s"],
            "workers": goals["offering_workers"],
            "offering": _yes(met["offering"]),
            "kb": goals["pdf_bytes"] // 1024,
            "pdf": _yes(met["pdf_size"]),
            "growth": goals["rss_growth_mb"],
            "flat": _yes(met["flat_memory"]),
        }
    )


def print_figures(stdout, style, figures: dict) -> None:
    _print_database(stdout, style, "SQLite", figures["sqlite"], figures["goals"])
    _print_database(stdout, style, "PostgreSQL", figures["postgresql"], figures["goals"])
