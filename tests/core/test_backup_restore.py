"""`onewindow backup` / `onewindow restore`: a fresh database gets every case, certificate,
audit entry and file back, with the chain verifying; a wrong key, an altered archive or a
database in use are refused and nothing is written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from onewindow.cases.models import Case, CaseMaterial
from onewindow.certificates.models import Certificate
from onewindow.core import backup, crypto, keys
from onewindow.core.models import AuditEntry
from tests.cases.conftest import _media, enterprise, staff  # noqa: F401 - fixtures
from tests.certificates.conftest import grant_food_licence

pytestmark = pytest.mark.django_db(transaction=True)

# What the restored platform holds, printed as JSON by a separate `onewindow shell`.
REPORT = """
import json
from onewindow.cases.models import Case, CaseMaterial
from onewindow.certificates.models import Certificate
from onewindow.certificates.verification import verify_number
from onewindow.core.audit import verify_chain
from onewindow.core.crypto import sm3_hex
from onewindow.core.models import AuditEntry
print(json.dumps({
    "cases": sorted(Case.objects.values_list("number", "status", "version")),
    "certificates": sorted(
        (c.number, verify_number(c.number, c.verification_code).status)
        for c in Certificate.objects.all()
    ),
    "audit": list(AuditEntry.objects.order_by("seq").values_list("seq", "hash", "action")),
    "chain_ok": verify_chain().ok,
    "files": sorted(
        (m.file.name, sm3_hex(m.file.read())) for m in CaseMaterial.objects.exclude(file="")
    ),
}))
"""


class Target:
    """A new, empty database of the same kind as the test database, with its own var/."""

    def __init__(self, tmp_path: Path):
        self.var = tmp_path / "restored"
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            self.name = f"{settings['NAME']}_restored"
            server = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}"
            self.admin, self.url = f"{server}/postgres", f"{server}/{self.name}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"

    def _admin(self, *statements):
        with psycopg.connect(self.admin, autocommit=True) as admin:
            for statement in statements:
                admin.execute(statement)

    def drop(self):
        if connection.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def onewindow(self, *args, data_key: str | None = None) -> subprocess.CompletedProcess:
        env = {
            "PATH": os.environ["PATH"],
            "ONEWINDOW_ENV": "test",
            "ONEWINDOW_VAR_DIR": str(self.var),
            "ONEWINDOW_DATA_KEY": data_key or keys.master_key().hex(),
            "DATABASE_URL": self.url,
        }
        return subprocess.run(
            [sys.executable, "-m", "onewindow.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    def tables(self) -> int:
        result = self.onewindow(
            "shell",
            "--no-imports",
            "-c",
            "from django.db import connection; print(len(connection.introspection.table_names()))",
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip())


@pytest.fixture
def target(tmp_path):
    target = Target(tmp_path)
    yield target
    target.drop()


@pytest.fixture
def granted(staff, enterprise):  # noqa: F811 - the shared fixtures
    case = grant_food_licence(staff, enterprise)
    assert CaseMaterial.objects.exclude(file="").exists()  # uploads on disk, to be archived
    return case


def test_a_fresh_database_gets_everything_back_and_the_chain_verifies(granted, target, tmp_path):
    archive = tmp_path / "onewindow.tar"
    summary = backup.create(archive, say=lambda _: None)
    snapshot = AuditEntry.objects.filter(action="backup.created").get()
    with tarfile.open(archive) as members:
        head = json.load(members.extractfile("manifest.json"))["audit_head"]
    assert head["seq"] == snapshot.seq - 1  # the backup's own entry follows its snapshot
    assert summary.media_files == CaseMaterial.objects.exclude(file="").count()

    result = target.onewindow("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "Restored and verified" in result.stdout

    restored = json.loads(target.onewindow("shell", "--no-imports", "-c", REPORT).stdout)
    assert restored["chain_ok"] is True
    assert restored["cases"] == [
        list(row) for row in sorted(Case.objects.values_list("number", "status", "version"))
    ]
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers
    assert restored["certificates"] == [[n, "valid"] for n in numbers]
    source = list(AuditEntry.objects.order_by("seq").values_list("seq", "hash", "action"))
    assert restored["audit"][: head["seq"]] == [list(row) for row in source[: head["seq"]]]
    assert restored["audit"][-1][2] == "backup.restored"
    files = restored["files"]
    assert files
    assert all((target.var / "media" / name).is_file() for name, _ in files)
    for material in CaseMaterial.objects.exclude(file=""):
        with material.file.open("rb") as handle:
            digest = crypto.sm3_hex(handle.read())
        assert [material.file.name, digest] in files

    check = target.onewindow("check-audit")
    assert check.returncode == 0, check.stderr
    assert f"{len(restored['audit'])} entries verified" in check.stdout


def test_a_restore_under_another_data_key_is_refused_before_writing(granted, target, tmp_path):
    archive = tmp_path / "onewindow.tar"
    backup.create(archive, say=lambda _: None)
    result = target.onewindow("restore", str(archive), data_key="ab" * 32)
    assert result.returncode != 0
    assert "not the key this backup was made under" in result.stderr
    assert target.tables() == 0
    assert not (target.var / "media").exists()


def test_an_altered_archive_is_refused_before_writing(granted, target, tmp_path):
    archive = tmp_path / "onewindow.tar"
    backup.create(archive, say=lambda _: None)
    altered = tmp_path / "altered.tar"
    with tarfile.open(archive) as original, tarfile.open(altered, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])  # one bit of one upload
            copy.addfile(member, io.BytesIO(data))
    result = target.onewindow("restore", str(altered))
    assert result.returncode != 0
    assert "does not match its digest in the manifest" in result.stderr
    assert target.tables() == 0


def test_a_database_in_use_is_never_overwritten(granted, tmp_path):
    archive = tmp_path / "onewindow.tar"
    backup.create(archive, say=lambda _: None)
    cases = Case.objects.count()
    with pytest.raises(backup.BackupError, match="already has"):
        backup.restore(archive, say=lambda _: None)
    assert Case.objects.count() == cases


def test_what_is_not_an_archive_is_named(tmp_path, db):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(backup.BackupError, match="is not a tar archive"):
        backup.restore(junk, say=lambda _: None)
    with pytest.raises(backup.BackupError, match="no such file"):
        backup.restore(tmp_path / "missing.tar", say=lambda _: None)
    empty = tmp_path / "empty.tar"
    with tarfile.open(empty, "w"):
        pass
    with pytest.raises(backup.BackupError, match="no readable manifest"):
        backup.restore(empty, say=lambda _: None)
