#!/usr/bin/env bash
# Start the local services cloudproject talks to, if they are down: Redis always; PostgreSQL
# and RabbitMQ when given as arguments ("postgres", "rabbitmq"). Safe to run again.
set -uo pipefail
wait_for() { for _ in $(seq 1 60); do eval "$1" >/dev/null 2>&1 && return 0; sleep 1; done
             echo "service did not come up: $1" >&2; return 1; }
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for "redis-cli -h 127.0.0.1 ping" || exit 1
fi
for svc in "$@"; do
  case "$svc" in
    postgres)
      if ! pg_isready -h 127.0.0.1 -q; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
        wait_for "pg_isready -h 127.0.0.1 -q" || exit 1
      fi ;;
    rabbitmq)
      if ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then
        rabbitmq-server -detached
        wait_for "rabbitmqctl status" || exit 1
        wait_for "(exec 3<>/dev/tcp/127.0.0.1/5672)" || exit 1
      fi ;;
  esac
done
