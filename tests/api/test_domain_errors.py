"""The one translation of domain refusals to OpenStack error answers."""
import json

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from api import domain_errors, errors
from compute import quotas, services, states
from scheduler import aggregates


def answer(exc):
    response = errors.exception_handler(exc, {"view": None})
    return response.status_code, json.loads(response.content)


class DomainErrorTranslationTests(SimpleTestCase):
    def test_instance_conflict_answers_409_with_its_message(self):
        status, body = answer(states.InstanceLocked("abc"))
        self.assertEqual(status, 409)
        self.assertEqual(body, {"conflictingRequest": {"code": 409,
                                                       "message": "Instance abc is locked"}})

    def test_quota_exceeded_answers_403_forbidden(self):
        exc = quotas.QuotaExceeded([("instances", 1, 1, 1)], "Quota exceeded for instances")
        self.assertEqual(answer(exc), (403, {"forbidden": {
            "code": 403, "message": "Quota exceeded for instances"}}))

    def test_invalid_request_answers_400_and_not_found_404(self):
        self.assertEqual(answer(services.InvalidRequest("bad"))[0], 400)
        self.assertEqual(answer(services.NotFound("gone")),
                         (404, {"itemNotFound": {"code": 404, "message": "gone"}}))

    def test_specific_validation_error_wins_over_generic_one(self):
        self.assertEqual(answer(aggregates.AggregateNameExists("Aggregate a already exists.")),
                         (409, {"conflictingRequest": {
                             "code": 409, "message": "Aggregate a already exists."}}))
        self.assertEqual(answer(ValidationError(["one", "two"])),
                         (400, {"badRequest": {"code": 400, "message": "one two"}}))

    def test_unknown_exception_is_not_translated(self):
        self.assertIsNone(domain_errors.translate(RuntimeError("boom")))
        self.assertEqual(answer(RuntimeError("boom"))[0], 500)
