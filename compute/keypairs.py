"""Key pairs (Nova's os-keypairs): import a public key, ssh or x509, with Nova's fingerprint,
or generate one; each under the user's key_pairs quota."""
import base64
import binascii
import hashlib
from datetime import timedelta

from cryptography import exceptions as crypto_errors
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.db import IntegrityError, transaction
from django.utils import timezone

from compute import quotas
from compute.models import KeyPair

SSH, X509 = "ssh", "x509"


class InvalidKeypair(ValueError):
    """The public key cannot be parsed (HTTP 400)."""


class KeypairExists(Exception):
    """The user already has a key pair of that name (HTTP 409)."""


class KeypairNotFound(Exception):
    """The user has no key pair of that name (HTTP 404)."""


def _colon_hex(digest):
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def ssh_fingerprint(public_key):
    """Nova's fingerprint of an OpenSSH public key: MD5 of the decoded key blob, colon-hex.
    The key must load (rsa, ed25519, ecdsa, ...), else InvalidKeypair."""
    try:
        serialization.load_ssh_public_key(public_key.encode())
        blob = base64.b64decode(public_key.split()[1], validate=True)
    except (ValueError, IndexError, binascii.Error, crypto_errors.UnsupportedAlgorithm):
        raise InvalidKeypair("Keypair data is invalid: failed to generate fingerprint"
                             ) from None
    return _colon_hex(hashlib.md5(blob, usedforsecurity=False).hexdigest())


def x509_fingerprint(pem):
    """SHA-1 of a PEM certificate, colon-hex (Nova's x509 key pairs)."""
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode())
    except ValueError as exc:
        raise InvalidKeypair("Keypair data is invalid: failed to generate X509 fingerprint. "
                             f"Error message: {exc}") from None
    return _colon_hex(certificate.fingerprint(hashes.SHA1()).hex())


def fingerprint(public_key, key_type=SSH):
    return x509_fingerprint(public_key) if key_type == X509 else ssh_fingerprint(public_key)


def generate_ssh():
    """(private key PEM, public key line) of a new RSA 2048 key, as Nova generates it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    return private, f"{public} Generated-by-Nova"


def generate_x509(user_id):
    """(base64 PKCS#12 of key and certificate, certificate PEM): a self-signed client
    certificate for `user_id`, valid ten years (Nova's WinRM certificates)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user_id[:64])])
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(key, hashes.SHA256()))
    bundle = pkcs12.serialize_key_and_certificates(None, key, certificate, None,
                                                   serialization.NoEncryption())
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    return base64.b64encode(bundle).decode(), pem


def create_keypair(*, user_id, project_id, name, key_type=SSH, public_key=None):
    """(KeyPair, private key or None): import `public_key`, or generate a key when it is
    None. Order as Nova: quota (QuotaExceeded), key (InvalidKeypair), name (KeypairExists)."""
    private_key = None
    with transaction.atomic():
        quotas.check_key_pairs(project_id, user_id)
        if public_key is None:
            private_key, public_key = (generate_x509(user_id) if key_type == X509
                                       else generate_ssh())
        key_fingerprint = fingerprint(public_key, key_type)
        if KeyPair.objects.filter(user_id=user_id, name=name).exists():
            raise KeypairExists(f"Key pair '{name}' already exists.")
        try:
            with transaction.atomic():
                keypair = KeyPair.objects.create(
                    user_id=user_id, project_id=project_id, name=name, type=key_type,
                    public_key=public_key, fingerprint=key_fingerprint)
        except IntegrityError:
            raise KeypairExists(f"Key pair '{name}' already exists.") from None
    return keypair, private_key


def get_keypair(user_id, name):
    """The user's key pair `name`, else KeypairNotFound."""
    keypair = KeyPair.objects.filter(user_id=user_id, name=name).first()
    if keypair is None:
        raise KeypairNotFound(f"Keypair {name} not found for user {user_id}")
    return keypair


def delete_keypair(user_id, name):
    """Delete the user's key pair `name`; instances booted with it keep their copy."""
    get_keypair(user_id, name).delete()
