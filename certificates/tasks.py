"""Rendering certificates in the background. Every task takes ids and may run twice safely."""

import datetime

from celery import shared_task
from django.utils import timezone

from certificates.services import RenderError, certificate_render


# acks_late (settings) with reject_on_worker_lost: a worker killed mid-render hands the message
# back to the broker, and the next worker renders the certificate from the start.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(RenderError,),
    retry_backoff=True,
    max_retries=5,
)
def render_certificate_task(self, certificate_id: int) -> str:
    """Render one certificate's PDF; an issued or revoked one is left as it is."""
    return certificate_render(certificate_id=certificate_id).status


@shared_task
def render_stalled_certificates_task(older_than_minutes: int = 15) -> int:
    """Celery beat: queue again the certificates still pending or failed after a while (the broker
    lost the message, or the retries ran out before a fix)."""
    from certificates.selectors import certificate_stalled_ids

    cutoff = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
    ids = certificate_stalled_ids(before=cutoff)
    for certificate_id in ids:
        render_certificate_task.delay(certificate_id)
    return len(ids)


# --- Added for the certificate pages (views/API helper) -------------------------------------------


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_certificate_zip_task(offering_id: int, user_id: int) -> str | None:
    """Store the ZIP of an offering's issued certificates for the user who asked (a large class)."""
    from certificates.zips import zip_build

    return zip_build(offering_id=offering_id, user_id=user_id)
