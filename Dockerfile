# The production image: gunicorn serving the portal; the same image runs the worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORTAL_VAR_DIR=/var/lib/dtro-portal
WORKDIR /app

# Pango, HarfBuzz's subsetter and a font: WeasyPrint draws orders' documents as PDF with them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# Runtime packages only (no test, lint or type-check tools), each checked against its hash.
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/runtime.txt

COPY . .
# collectstatic loads the production settings, which refuse placeholder keys: throwaway
# random ones, used for this step only and kept in no layer.
RUN python scripts/install_assets.py \
 && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    FIELD_ENCRYPTION_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build PORTAL_ENV=production \
    python manage.py collectstatic --noinput \
 && useradd --system --home /app portal && mkdir -p /var/lib/dtro-portal/media \
 && chown -R portal /var/lib/dtro-portal

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
