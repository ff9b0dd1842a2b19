"""Liveness of the API process and what it can reach."""
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 with {"database": "ok"} while the database answers; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any database failure means not healthy
        return JsonResponse({"database": str(exc)}, status=503)
    return JsonResponse({"database": "ok"})
