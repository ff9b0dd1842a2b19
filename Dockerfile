# The one image every cloudproject service in docker-compose.yml runs.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv \
      python3-dev gcc pkg-config libvirt-dev libvirt-clients qemu-utils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN python3 -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.lock
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1
COPY . .
