# Bangkom: one image for the web (gunicorn), the Celery worker and Celery beat.
# docker-compose.yml runs it three times with different commands.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and HarfBuzz for WeasyPrint (certificate and attendance-sheet PDFs),
# with the fonts the certificate template names (Liberation Serif, DejaVu as fallback). psycopg[binary] bundles libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 bangkom \
    && useradd --system --uid 1000 --gid bangkom --home-dir /app --shell /usr/sbin/nologin bangkom

WORKDIR /app

# Runtime dependencies only (requirements-dev.txt is for tests and lint).
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Translations compiled with Babel (no system gettext); static files collected
# into the image for whitenoise. The secret key exists only for this step:
# DEBUG off selects the manifest storage that production serves from.
RUN pybabel compile --domain django --directory locale \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-not-a-runtime-secret \
       python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media \
    && chown bangkom:bangkom /app/media

USER bangkom

EXPOSE 8000

# The web process; the worker and beat services override the command.
# Workers: WEB_CONCURRENCY (gunicorn reads it), 3 by default in docker-compose.yml.
CMD ["gunicorn", "backend.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
