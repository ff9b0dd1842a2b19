"""Tests of renderings above the advertised maximum microversion: they raise the maximum
while they run, so each microversion's shape is checked through real requests now and keeps
being checked once the API advertises it."""
from unittest import mock

from api import microversions
from tests.api.base import ApiTestCase

TEST_MAX_VERSION = (2, 100)


class MicroversionTestCase(ApiTestCase):
    """ApiTestCase accepting microversions up to TEST_MAX_VERSION."""

    def setUp(self):
        super().setUp()
        if microversions.MAX_VERSION < TEST_MAX_VERSION:
            patcher = mock.patch.object(microversions, "MAX_VERSION", TEST_MAX_VERSION)
            patcher.start()
            self.addCleanup(patcher.stop)
