"""os-getConsoleOutput: answered from the last captured tail (200), a capture requested on
the host's queue; the host captures on request and with every power sync."""
from django.test import TestCase

from compute import host_state, services, steps, tasks, workflows
from compute.models import Instance
from tests.api.base import ApiTestCase
from tests.eager import EagerFlowMixin
from tests.factories import make_flavor, make_host, make_image, make_instance

TAIL = "boot\x07 line 1\r\nline 2\nline 3\n"


class ConsoleOutputApiTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        self.vm = make_instance(host=make_host("console-host"), project_id=self.project_a.id,
                                console_tail=TAIL)
        self.url = f"/compute/v2.1/servers/{self.vm.uuid}/action"

    def output(self, arg, as_user="alice", url=None):
        with self.captureOnCommitCallbacks(execute=False) as requested:
            response = self.call("POST", url or self.url, {"os-getConsoleOutput": arg},
                                 as_user=as_user)
        self.requested = requested
        return response

    def test_whole_tail_with_control_characters_removed(self):
        response = self.output({})
        self.assertEqual((response.status_code, response.json()),
                         (200, {"output": "boot line 1\nline 2\nline 3\n"}))

    def test_length_cuts_as_nova_does(self):
        for length, expected in ((2, "line 3\n"), ("3", "line 2\nline 3\n"), (0, ""),
                                 (-1, "boot line 1\nline 2\nline 3\n"),
                                 (None, "boot line 1\nline 2\nline 3\n")):
            with self.subTest(length=length):
                self.assertEqual(self.output({"length": length}).json()["output"], expected)

    def test_length_ten_gives_ten_pieces_as_tempest_counts_them(self):
        Instance.objects.filter(pk=self.vm.pk).update(
            console_tail="".join(f"line {n}\n" for n in range(30)))
        output = self.output({"length": 10}).json()["output"]
        self.assertEqual(len(output.split("\n")), 10)

    def test_each_request_asks_the_host_for_a_fresh_capture(self):
        self.output({"length": 1})
        self.assertEqual(len(self.requested), 1)

    def test_invalid_arguments_are_400(self):
        for arg in ({"length": -2}, {"length": "-2"}, {"length": "ten"}, {"length": 1.5},
                    {"length": 1, "other": 2}, None):
            with self.subTest(arg=arg):
                self.assert_error(self.output(arg), 400, "badRequest")

    def test_server_without_host_is_409(self):
        unplaced = make_instance(project_id=self.project_a.id)
        response = self.output({}, url=f"/compute/v2.1/servers/{unplaced.uuid}/action")
        self.assert_error(response, 409, "conflictingRequest")

    def test_tenancy_and_readers(self):
        self.assert_error(self.output({}, as_user="bob"), 404, "itemNotFound")
        self.assert_error(self.output({}, as_user="reader"), 403, "forbidden")
        self.assertEqual(self.output({}, as_user="admin").status_code, 200)


class ConsoleCaptureFlowTests(EagerFlowMixin, ApiTestCase):
    """The capture path end to end: API request → compute.capture_console on the host queue
    (eager) → Instance.console_tail → the next answer."""

    def setUp(self):
        super().setUp()
        make_host("capture-host")
        with self.captureOnCommitCallbacks(execute=True):
            [self.vm] = services.create_instance(
                name="c", flavor=make_flavor(), image=make_image(),
                project_id=self.project_a.id, user_id="u")
        self.vm.refresh_from_db()
        self.log_path = steps.spec(self.vm).console_log

    def write_log(self, lines):
        with open(self.log_path, "a") as log:
            log.writelines(f"{line}\n" for line in lines)

    def request_output(self, length):
        url = f"/compute/v2.1/servers/{self.vm.uuid}/action"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.call("POST", url, {"os-getConsoleOutput": {"length": length}})
        self.assertEqual(response.status_code, 200)
        return response.json()["output"]

    def test_first_answer_is_the_old_tail_and_the_capture_serves_the_next(self):
        self.write_log([f"line {n}" for n in range(20)])
        self.assertEqual(self.request_output(3), "")
        self.assertEqual(self.request_output(3), "line 18\nline 19\n")

    def test_power_sync_captures_every_console(self):
        self.write_log(["kernel: hello"])
        host_state.sync_power_states("capture-host")
        self.assertEqual(Instance.objects.get(pk=self.vm.pk).console_tail, "kernel: hello\n")


class CaptureTaskTests(EagerFlowMixin, TestCase):
    def test_capture_of_a_deleted_instance_does_nothing(self):
        vm = make_instance(host=make_host(), vm_state="deleted")
        tasks.capture_console(vm.uuid)
        tasks.capture_console("00000000-0000-0000-0000-000000000000")
        self.assertEqual(Instance.objects.get(pk=vm.pk).console_tail, "")

    def test_capture_is_sent_to_the_instance_host_queue(self):
        step = workflows.capture_console("some-uuid", "node-7")
        self.assertEqual((step.task, step.args, step.options["queue"]),
                         ("compute.capture_console", ("some-uuid",), "host.node-7"))
