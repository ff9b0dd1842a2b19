"""Compute /os-keypairs: import (ssh, x509) and generation, fingerprints, list, show, delete,
name rules, quota, the admin's user_id and each microversion's shape."""
import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from compute import keypairs, quotas
from compute.models import KeyPair
from tests.api.microversion_case import MicroversionTestCase

KEYPAIRS = "/compute/v2.1/os-keypairs"


def openssh(private_key, comment="me@host"):
    line = private_key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                                 serialization.PublicFormat.OpenSSH).decode()
    return f"{line} {comment}"


def md5_fingerprint(line):
    digest = hashlib.md5(base64.b64decode(line.split()[1])).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, 32, 2))


class KeypairTestCase(MicroversionTestCase):
    def setUp(self):
        super().setUp()
        self.ed25519 = openssh(ed25519.Ed25519PrivateKey.generate())

    def create(self, name="k1", as_user="alice", version=None, **keypair):
        return self.call("POST", KEYPAIRS, {"keypair": {"name": name, **keypair}},
                         as_user=as_user, version=version)


class ImportTests(KeypairTestCase):
    def test_import_ed25519_at_2_1_answers_200_with_nova_fingerprint(self):
        response = self.create(public_key=self.ed25519)
        self.assertEqual(response.status_code, 200, response.content)
        keypair = response.json()["keypair"]
        self.assertEqual(set(keypair), {"name", "public_key", "fingerprint", "user_id"})
        self.assertEqual(keypair["fingerprint"], md5_fingerprint(self.ed25519))
        self.assertEqual(KeyPair.objects.get().user_id, keypair["user_id"])

    def test_import_ecdsa_and_rsa(self):
        for name, key in (("ec", ec.generate_private_key(ec.SECP256R1())),
                          ("rsa", None)):
            line = openssh(key) if key else keypairs.generate_ssh()[1]
            response = self.create(name=name, public_key=line)
            self.assertEqual(response.json()["keypair"]["fingerprint"], md5_fingerprint(line))

    def test_type_and_201_from_2_2(self):
        response = self.create(public_key=self.ed25519, version="2.2")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["keypair"]["type"], "ssh")

    def test_x509_certificate_from_2_2(self):
        _, pem = keypairs.generate_x509("someone")
        response = self.create(public_key=pem, type="x509", version="2.2")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["keypair"]["type"], "x509")
        self.assertEqual(len(response.json()["keypair"]["fingerprint"].split(":")), 20)

    def test_type_below_2_2_is_400(self):
        self.assert_error(self.create(public_key=self.ed25519, type="ssh"), 400, "badRequest")

    def test_invalid_public_keys_are_400(self):
        for bad in ("ssh-rsa JUNK nova@ubuntu", " ", "ssh-rsa " + "A" * 2048 + " x@y", ""):
            with self.subTest(key=bad[:20]):
                self.assert_error(self.create(public_key=bad), 400, "badRequest")
        self.assertFalse(KeyPair.objects.exists())

    def test_duplicate_name_is_409(self):
        self.create(public_key=self.ed25519)
        message = self.assert_error(self.create(public_key=self.ed25519), 409,
                                    "conflictingRequest")
        self.assertEqual(message, "Key pair 'k1' already exists.")

    def test_same_name_for_another_user_is_fine(self):
        self.create(public_key=self.ed25519)
        self.assertEqual(self.create(public_key=self.ed25519, as_user="bob").status_code, 200)

    def test_name_rules(self):
        for bad in ("", "k" * 256, r"key_/.\@:", " lead", "a@b.c"):
            with self.subTest(name=bad):
                self.assert_error(self.create(name=bad, public_key=self.ed25519), 400,
                                  "badRequest")
        self.assertEqual(self.create(name="ok key_1-2", public_key=self.ed25519).status_code,
                         200)

    def test_at_and_dot_allowed_from_2_92(self):
        response = self.create(name="me@host.1", public_key=self.ed25519, version="2.92")
        self.assertEqual(response.status_code, 201, response.content)

    def test_reader_cannot_create(self):
        self.assert_error(self.create(as_user="reader", public_key=self.ed25519), 403,
                          "forbidden")


class GenerateTests(KeypairTestCase):
    def test_generates_rsa_with_private_key_below_2_92(self):
        keypair = self.create().json()["keypair"]
        self.assertTrue(keypair["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----"))
        self.assertTrue(keypair["public_key"].startswith("ssh-rsa "))
        self.assertEqual(keypair["fingerprint"], md5_fingerprint(keypair["public_key"]))
        private = serialization.load_pem_private_key(keypair["private_key"].encode(), None)
        self.assertEqual(private.key_size, 2048)

    def test_generation_is_refused_from_2_92(self):
        self.assert_error(self.create(version="2.92"), 400, "badRequest")
        self.assertFalse(KeyPair.objects.exists())

    def test_quota_refuses_the_key_past_the_limit(self):
        quotas.set_limits(self.project_a.id, {"key_pairs": 1})
        self.create(public_key=self.ed25519)
        message = self.assert_error(self.create(name="k2", public_key=self.ed25519), 403,
                                    "forbidden")
        self.assertEqual(message, "Quota exceeded, too many key pairs.")
        self.assertEqual(KeyPair.objects.count(), 1)


class ReadDeleteTests(KeypairTestCase):
    def setUp(self):
        super().setUp()
        for name in ("b", "a", "c"):
            self.create(name=name, public_key=self.ed25519)
        self.alice_id = KeyPair.objects.first().user_id

    def test_list_wraps_each_item(self):
        body = self.call("GET", KEYPAIRS).json()
        self.assertEqual([k["keypair"]["name"] for k in body["keypairs"]], ["a", "b", "c"])
        self.assertEqual(set(body["keypairs"][0]["keypair"]),
                         {"name", "public_key", "fingerprint"})
        self.assertEqual(self.call("GET", KEYPAIRS, version="2.2").json()["keypairs"][0][
            "keypair"]["type"], "ssh")

    def test_users_see_only_their_own(self):
        self.assertEqual(self.call("GET", KEYPAIRS, as_user="bob").json(), {"keypairs": []})
        self.assert_error(self.call("GET", f"{KEYPAIRS}/a", as_user="bob"), 404, "itemNotFound")

    def test_paging_from_2_35(self):
        body = self.call("GET", f"{KEYPAIRS}?limit=2", version="2.35").json()
        self.assertEqual([k["keypair"]["name"] for k in body["keypairs"]], ["a", "b"])
        self.assertIn("marker=b", body["keypairs_links"][0]["href"])
        body = self.call("GET", f"{KEYPAIRS}?limit=2&marker=b", version="2.35").json()
        self.assertEqual([k["keypair"]["name"] for k in body["keypairs"]], ["c"])

    def test_show_has_nova_record_fields(self):
        keypair = self.call("GET", f"{KEYPAIRS}/a").json()["keypair"]
        self.assertEqual(set(keypair), {"name", "public_key", "fingerprint", "user_id",
                                        "created_at", "deleted", "deleted_at", "id",
                                        "updated_at"})
        self.assertEqual((keypair["deleted"], keypair["deleted_at"], keypair["updated_at"]),
                         (False, None, None))

    def test_delete_is_202_at_2_1_and_204_from_2_2(self):
        self.assertEqual(self.call("DELETE", f"{KEYPAIRS}/a").status_code, 202)
        self.assertEqual(self.call("DELETE", f"{KEYPAIRS}/b", version="2.2").status_code, 204)
        self.assertEqual(list(KeyPair.objects.values_list("name", flat=True)), ["c"])

    def test_delete_unknown_is_404(self):
        self.assert_error(self.call("DELETE", f"{KEYPAIRS}/zzz"), 404, "itemNotFound")

    def test_admin_names_a_user_from_2_10(self):
        query = f"?user_id={self.alice_id}"
        body = self.call("GET", KEYPAIRS + query, as_user="admin", version="2.10").json()
        self.assertEqual(len(body["keypairs"]), 3)
        self.assertEqual(self.call("GET", f"{KEYPAIRS}/a{query}", as_user="admin",
                                   version="2.10").status_code, 200)
        response = self.create(name="for-alice", as_user="admin", version="2.10",
                               user_id=self.alice_id, public_key=self.ed25519)
        self.assertEqual(response.json()["keypair"]["user_id"], self.alice_id)

    def test_members_cannot_name_another_user(self):
        response = self.call("GET", f"{KEYPAIRS}?user_id=someone-else", as_user="bob",
                             version="2.10")
        self.assert_error(response, 403, "forbidden")
