"""Running calls at the same moment in threads, for the PostgreSQL concurrency tests.

Each thread has its own database connection (Django opens one per thread) and closes it at the end.
"""

import threading

from django.db import connection


def run_at_once(calls):
    """Run every call in its own thread, released together; return the exceptions they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait(timeout=30)
            call()
        except BaseException as exc:  # collected and reported by the caller's assertion
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return errors
