"""The project's Celery app for tests/test_faults.py, with a certificate render that can be held.

Started as ``celery -A tests.fault_worker worker`` in a subprocess. While the file named by
``BANGKOM_TEST_RENDER_HOLD`` exists, each render first writes ``<file>.started`` (the pool
process's id) and then waits for the file to go: the test kills the worker in that moment,
mid-render, and removes the file so that the next render runs through. Without the variable
the render is the project's own; nothing of this is in the product.
"""

import os
import time
from pathlib import Path

from celery.signals import worker_process_init

from backend.celery import app

__all__ = ["app"]

HOLD = "BANGKOM_TEST_RENDER_HOLD"


def _held(render):
    def held_render(*args, **kwargs):
        hold = os.environ.get(HOLD)
        if hold and Path(hold).exists():
            Path(f"{hold}.started").write_text(str(os.getpid()))
            while Path(hold).exists():
                time.sleep(0.05)
        return render(*args, **kwargs)

    return held_render


@worker_process_init.connect
def _hold_renders(**_kwargs):
    # In each pool process, once Django is set up; the service imports the function at call time.
    from certificates import rendering

    rendering.render_certificate_pdf = _held(rendering.render_certificate_pdf)
