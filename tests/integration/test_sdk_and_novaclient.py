"""openstacksdk and python-novaclient, unmodified, against a live stack."""
import json

from tests.integration.stack import LiveStackTestCase

SDK_LIFECYCLE = """
import json, openstack
conn = openstack.connect()
flavor = conn.compute.find_flavor("sdk.tiny")
image = conn.image.find_image("sdk-image")
server = conn.compute.create_server(name="sdk-vm", flavor_id=flavor.id, image_id=image.id,
                                    networks="none")
server = conn.compute.wait_for_server(server, status="ACTIVE", wait=120, interval=1)
seen = [server.status]
conn.compute.stop_server(server)
seen.append(conn.compute.wait_for_server(server, status="SHUTOFF", wait=120, interval=1).status)
conn.compute.start_server(server)
seen.append(conn.compute.wait_for_server(server, status="ACTIVE", wait=120, interval=1).status)
actions = [a.action for a in conn.compute.server_actions(server)]
conn.compute.delete_server(server)
conn.compute.wait_for_delete(server, wait=120, interval=1)
print(json.dumps({"seen": seen, "actions": sorted(actions),
                  "left": [s.name for s in conn.compute.servers()]}))
"""

NOVACLIENT = """
import json, os
from keystoneauth1 import loading, session
from novaclient import api_versions, client
cloud = __import__("yaml").safe_load(open(os.environ["OS_CLIENT_CONFIG_FILE"]))["clouds"]["alice"]
auth = loading.get_plugin_loader("password").load_from_options(**cloud["auth"])
sess = session.Session(auth=auth)
version = api_versions.discover_version(client.Client("2.1", session=sess),
                                        api_versions.APIVersion("2.latest"))
nova = client.Client(version.get_string(), session=sess)
flavors = [f.name for f in nova.flavors.list()]
server = nova.servers.create("nova-vm", image=os.environ["IMAGE_ID"],
                             flavor=nova.flavors.find(name="sdk.tiny"), nics="none")
import time
for _ in range(120):
    server = nova.servers.get(server.id)
    if server.status == "ACTIVE":
        break
    time.sleep(1)
status = server.status
server.pause()
for _ in range(120):
    if nova.servers.get(server.id).status == "PAUSED":
        break
    time.sleep(1)
paused = nova.servers.get(server.id).status
print(json.dumps({"flavors": flavors, "status": status, "paused": paused,
                  "version": nova.api_version.get_string()}))
"""


class SdkAndNovaclientTests(LiveStackTestCase):
    def setUp(self):
        super().setUp()
        self.image = self.flavor_and_image("sdk.tiny", "sdk-image")

    def test_openstacksdk_lifecycle(self):
        result = self.python_client(SDK_LIFECYCLE)
        self.assertEqual(result["seen"], ["ACTIVE", "SHUTOFF", "ACTIVE"])
        self.assertEqual(result["actions"], ["create", "start", "stop"])
        self.assertEqual(result["left"], [])

    def test_novaclient_negotiates_and_boots(self):
        import os

        os.environ["IMAGE_ID"] = self.image["id"]
        try:
            result = self.python_client(NOVACLIENT)
        finally:
            os.environ.pop("IMAGE_ID")
        self.assertIn("sdk.tiny", result["flavors"])
        self.assertEqual((result["status"], result["paused"]), ("ACTIVE", "PAUSED"))
        self.assertTrue(result["version"].startswith("2."))
        json.dumps(result)
