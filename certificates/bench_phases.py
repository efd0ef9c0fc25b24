"""What each child process of ``certificates.bench`` measures, against the data of ``bench_data``.

Every phase runs in a process of its own, so that its memory figures are its own:

- ``pipeline``: ``certificate_render``, the whole service (content → HTML → PDF → file,
  SHA-256 and row), over the pending certificates of the render offering;
- ``direct`` (``plain`` or ``shared``): WeasyPrint on the identical HTML of the same
  certificates, built untimed just before each render: ``HTML(string=…).write_pdf()`` as the
  WeasyPrint documentation shows it (a new font configuration per document), and
  ``render_html_to_pdf`` (the worker's shared font configuration);
- ``offering``: the class offering's coordinator issues all its certificates in one action
  (numbering; each render is published to the broker on commit); every published render goes
  to ``workers`` forked processes, already warm as a running worker is, each taking the next id
  when it is free (as a prefork worker with prefetch 1 does): the wall time from the action to
  the last PDF stored, and the numbers given.
"""

import io
import multiprocessing
import os
import random
import statistics
import time

WARMUP = 10
LOCK_RETRIES = 20
WARM_HTML = "<p style=\"font-family: 'Liberation Serif'\">Bangkom</p>"


def memory_mb() -> dict:
    """Resident memory now and at its peak, of this process only (``ru_maxrss`` survives fork and exec)."""
    figures = {"rss_mb": None, "hwm_mb": None}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    figures["rss_mb"] = round(int(line.split()[1]) / 1024, 1)
                elif line.startswith("VmHWM:"):
                    figures["hwm_mb"] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return figures


def checkpoints(renders: int) -> list[int]:
    """After how many timed renders the memory is read: 100, 500, 1,000 and the last."""
    return sorted({point for point in (100, 500, 1000) if point < renders} | {renders})


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]


def summarise(timings_ms: list[float], sizes: list[int], memory: list[dict]) -> dict:
    """The figures of one timed series: latency, throughput, PDF size and memory over the series."""
    total_s = sum(timings_ms) / 1000
    first, last = memory[0], memory[-1]
    growth = round(last["rss_mb"] - first["rss_mb"], 1) if first["rss_mb"] is not None else None
    return {
        "renders": len(timings_ms),
        "warmup": WARMUP,
        "p50_ms": round(statistics.median(timings_ms), 1),
        "p95_ms": round(p95(timings_ms), 1),
        "max_ms": round(max(timings_ms), 1),
        "per_second": round(len(timings_ms) / total_s, 2) if total_s else None,
        "pdf_mean_bytes": round(statistics.fmean(sizes)),
        "pdf_max_bytes": max(sizes),
        "memory": memory,
        # After the first checkpoint (100 renders): caches are full by then; what grows later leaks.
        "rss_growth_mb": growth,
    }


def pdf_parts(pdf: bytes) -> dict | None:
    """Where one PDF's bytes go: embedded images, embedded font subsets, the rest (pypdf: a dev requirement)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    from pypdf.generic import StreamObject

    reader = PdfReader(io.BytesIO(pdf))
    images = fonts = 0
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if not isinstance(obj, StreamObject):
            continue
        # The stream as stored (compressed): what it adds to the file.
        if obj.get("/Subtype") == "/Image":
            images += len(obj._data)
        elif "/Length1" in obj or obj.get("/Subtype") in ("/Type1C", "/CIDFontType0C", "/OpenType"):
            fonts += len(obj._data)
    return {"bytes": len(pdf), "pages": len(reader.pages), "images": images, "fonts": fonts}


def _series(render, ids: list[int]) -> dict:
    """Warm up on the first ``WARMUP`` ids, then time ``render(id) -> (seconds, pdf size)`` on the rest."""
    for certificate_id in ids[:WARMUP]:
        render(certificate_id)
    timed = ids[WARMUP:]
    marks = set(checkpoints(len(timed)))
    timings, sizes, memory = [], [], []
    for index, certificate_id in enumerate(timed, start=1):
        seconds, size = render(certificate_id)
        timings.append(seconds * 1000)
        sizes.append(size)
        if index in marks:
            memory.append({"renders": index, **memory_mb()})
    return summarise(timings, sizes, memory)


def _render_ids(render_offering_id: int, count: int) -> list[int]:
    from certificates.models import Certificate

    ids = Certificate.objects.filter(enrollment__offering_id=render_offering_id).order_by("seq")
    return list(ids.values_list("pk", flat=True)[:count])


def pipeline(*, render_offering_id: int, renders: int) -> dict:
    from certificates.choices import CertificateStatus
    from certificates.models import Certificate
    from certificates.services import certificate_render

    ids = _render_ids(render_offering_id, renders + WARMUP)
    if len(ids) < renders + WARMUP:
        raise RuntimeError(f"{len(ids)} certificates to render, {renders + WARMUP} needed")

    def render(certificate_id: int) -> tuple[float, int]:
        started = time.perf_counter()
        certificate = certificate_render(certificate_id=certificate_id)
        seconds = time.perf_counter() - started
        if certificate.status != CertificateStatus.ISSUED:
            raise RuntimeError(f"certificate {certificate_id} ended {certificate.status}: {certificate.error}")
        return seconds, certificate.pdf_bytes

    figures = _series(render, ids)
    figures["issued"] = Certificate.objects.filter(pk__in=ids, status=CertificateStatus.ISSUED).count()
    last = Certificate.objects.get(pk=ids[-1])
    with last.pdf.open("rb") as stored:
        figures["pdf_parts"] = pdf_parts(stored.read())
    return figures


def direct(*, render_offering_id: int, renders: int, shared: bool) -> dict:
    """WeasyPrint alone on each certificate's HTML, the HTML built untimed from its frozen content."""
    import hashlib

    from weasyprint import HTML

    from certificates.models import Certificate
    from certificates.rendering import render_certificate_html, render_html_to_pdf

    ids = _render_ids(render_offering_id, renders + WARMUP)
    certificates = Certificate.objects.select_related("issuer").in_bulk(ids)
    same = 0

    def render(certificate_id: int) -> tuple[float, int]:
        nonlocal same
        certificate = certificates[certificate_id]
        html = render_certificate_html(content=certificate.content, issuer=certificate.issuer)
        started = time.perf_counter()
        pdf = render_html_to_pdf(html) if shared else HTML(string=html).write_pdf()
        seconds = time.perf_counter() - started
        same += hashlib.sha256(pdf).hexdigest() == certificate.sha256
        return seconds, len(pdf)

    figures = _series(render, ids)
    figures["variant"] = "render_html_to_pdf" if shared else "HTML(string=html).write_pdf()"
    # Byte-identical to the PDF the pipeline stored for the same certificate (WeasyPrint is deterministic).
    figures["same_pdf_as_pipeline"] = same
    return figures


# --- The offering: one issue action, its renders streamed to forked workers ----------------------


def _worker(barrier, tasks, results) -> None:
    """A prefork worker with prefetch 1: warm, then render the next id until told to stop."""
    from django.db import OperationalError

    from certificates.rendering import font_config, render_html_to_pdf
    from certificates.services import certificate_render

    # A running worker has imported WeasyPrint and built its font configuration long before.
    font_config()
    render_html_to_pdf(WARM_HTML)
    barrier.wait()
    while (certificate_id := tasks.get()) is not None:
        started = time.perf_counter()
        status, error, retries = "error", "", 0
        while True:
            try:
                status, error = certificate_render(certificate_id=certificate_id).status, ""
            except OperationalError as exc:
                # SQLite: writers whose deferred transactions collide get "database is locked" at once,
                # whatever the busy timeout. Counted, then tried again as the stalled-render beat would.
                error = f"{type(exc).__name__}: {exc}"
                if retries < LOCK_RETRIES:
                    retries += 1
                    time.sleep(random.uniform(0.01, 0.1))  # noqa: S311 - jitter, not a secret
                    continue
            # Any other failure is a figure of the benchmark, not its end.
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            break
        done = time.perf_counter()
        results.put(
            {
                "pid": os.getpid(),
                "status": status,
                "error": error,
                "retries": retries,
                "ms": (done - started) * 1000,
                "rss_mb": memory_mb()["rss_mb"],
                "done": done,
            }
        )


def _start_workers(context, workers: int) -> tuple[list, object, object]:
    from django.db import connections

    # A forked process must not share the parent's database connection: each opens its own.
    connections.close_all()
    barrier, tasks, results = context.Barrier(workers + 1), context.Queue(), context.Queue()
    processes = [context.Process(target=_worker, args=(barrier, tasks, results), daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    barrier.wait(timeout=300)
    return processes, tasks, results


def offering(*, class_offering_id: int, coordinator: str, workers: int) -> dict:
    """Issue the class in one action; each render message published on commit goes to the next free
    worker at once (the broker's part, played by a queue): rendering overlaps the numbering as it does
    with Celery. Wall time: from the action to the last PDF stored."""
    from celery.signals import after_task_publish
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from certificates.choices import CertificateStatus
    from certificates.models import Certificate
    from certificates.services import certificate_issue_offering
    from certificates.tasks import render_certificate_task
    from lms.models import Offering

    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise RuntimeError("Celery runs tasks inline here: the issue action would render too (set a broker URL)")
    actor = get_user_model().objects.get(username=coordinator)
    target = Offering.objects.select_related("owner_unit").get(pk=class_offering_id)
    # SQLite takes one writer at a time, and its deferred transactions fail at once ("database is
    # locked") rather than wait: the action would fail while workers store PDFs. There the renders
    # start after the action, which makes the wall time longer than streaming them.
    stream = connection.vendor != "sqlite"
    processes, tasks, results = _start_workers(multiprocessing.get_context("fork"), workers)
    published = []

    def hand_over(sender=None, body=None, **kwargs):
        if sender == render_certificate_task.name:
            published.append(body[0][0])  # protocol 2: (args, kwargs, embed)
            if stream:
                tasks.put(body[0][0])

    after_task_publish.connect(hand_over, weak=False)
    try:
        started = time.perf_counter()
        numbered = certificate_issue_offering(offering=target, actor=actor)
        issued_s = time.perf_counter() - started
        for certificate_id in [] if stream else published:
            tasks.put(certificate_id)
        for _worker_process in processes:
            tasks.put(None)
        outcome = [results.get(timeout=600) for _ in published]
    finally:
        after_task_publish.disconnect(hand_over)
        for process in processes:
            process.join(timeout=60)
    wall_s = max((result["done"] for result in outcome), default=started + issued_s) - started
    ids = [certificate.pk for certificate in numbered]
    rows = Certificate.objects.filter(enrollment__offering=target)
    seqs = sorted(rows.values_list("seq", flat=True))
    per_worker: dict[int, dict] = {}
    for result in sorted(outcome, key=lambda r: r["done"]):
        worker = per_worker.setdefault(result["pid"], {"renders": 0, "rss_mb": None})
        worker["renders"] += 1
        worker["rss_mb"] = result["rss_mb"]
    errors = [result["error"] for result in outcome if result["error"]]
    render_ms = [result["ms"] for result in outcome if not result["error"]]
    return {
        "participants": len(ids),
        "workers": workers,
        "streamed": stream,
        "issue_s": round(issued_s, 2),
        "wall_s": round(wall_s, 2),
        "published": len(published),
        "published_match": sorted(published) == sorted(ids),
        "issued": rows.filter(status=CertificateStatus.ISSUED).count(),
        "errors": len(errors),
        "lock_retries": sum(result["retries"] for result in outcome),
        "error_samples": errors[:3],
        "render_p50_ms": round(statistics.median(render_ms), 1) if render_ms else None,
        "render_p95_ms": round(p95(render_ms), 1) if render_ms else None,
        "first_number": rows.order_by("seq").values_list("number", flat=True).first(),
        "last_number": rows.order_by("-seq").values_list("number", flat=True).first(),
        "numbers_unique": rows.values("number").distinct().count() == len(seqs),
        "gapless": seqs == list(range(1, len(ids) + 1)),
        "per_worker": sorted(per_worker.values(), key=lambda w: -w["renders"]),
    }
