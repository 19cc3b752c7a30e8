"""Backup and restore: the database, the uploaded and rendered files, checked on the way back.

An archive is one tar file:

- ``manifest.json``: the format, when and from which database it was taken, the row count of
  every table, the audit chain's head, the fingerprint of the data key, and the SM3 digest of
  every other member;
- ``database.pgdump`` (``pg_dump --format=custom``) on PostgreSQL, or ``database.sqlite3``
  (SQLite's online backup API) on SQLite;
- ``media/…``: every file under ``MEDIA_ROOT`` (materials, notices, decisions).

The e-seals' and the exchange's private keys are rows of the database, wrapped under the data
key, so they travel with it. The data key itself never goes into an archive (keep it in the
secret store); the manifest holds only a fingerprint of it, and a restore under another key is
refused before anything is written, since nothing encrypted would be readable.

On PostgreSQL the row counts and the audit head are read in one REPEATABLE READ transaction
whose snapshot ``pg_dump --snapshot`` then dumps, so the manifest describes exactly the dump
even while the platform keeps working. A restore goes into an empty database only; it checks
every member's digest first, and afterwards every table's row count and the whole audit chain.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from onewindow.core import audit, crypto, keys
from onewindow.core.models import AuditHead

FORMAT = "onewindow-backup/1"
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_DB = "database.sqlite3"
MEDIA = "media"
_CHUNK = 1 << 20


class BackupError(Exception):
    """The backup or restore cannot go on; the message names what and why."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    tables: int
    rows: int
    audit_entries: int
    media_files: int
    size: int

    def line(self, verb: str) -> str:
        return (
            f"{verb} {self.path} ({self.size / 1_048_576:.1f} MB, {self.vendor}): "
            f"{self.tables} tables, {self.rows:,} rows, audit chain of {self.audit_entries:,} "
            f"entries, {self.media_files:,} files"
        )


def key_fingerprint() -> str:
    """Identifies the data key without revealing it (a sub-key of its own purpose)."""
    return crypto.derive_key(keys.master_key(), "backup-fingerprint", 8).hex()


def _sm3_file(path: Path) -> str:
    digest = hashes.Hash(hashes.SM3())
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.finalize().hex()


def _tables() -> list[str]:
    """Every table of an installed model (the migrations' own bookkeeping included)."""
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(names | {"django_migrations"})


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608  model tables
        counts[table] = cursor.fetchone()[0]
    return counts


def _head(cursor) -> dict:
    quote = connection.ops.quote_name
    table = quote(AuditHead._meta.db_table)
    cursor.execute(f"SELECT seq, hash FROM {table} WHERE id = 1")  # noqa: S608  our table
    row = cursor.fetchone()
    return {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": ""}


def _pg_command(program: str, *options: str) -> tuple[list[str], dict]:
    """``program`` with the connection options and environment Django's dbshell gives psql,
    the database named by ``--dbname``."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: postgresql-client)")
    settings_dict = {**connection.settings_dict, "NAME": ""}  # no positional database name
    args, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    options_and_connection = [*options, *args[1:-1]]  # the last one is the default "postgres"
    dbname = f"--dbname={connection.settings_dict['NAME']}"
    return [program, *options_and_connection, dbname], {**os.environ, **(env or {})}


def _run(command: list[str], env: dict) -> None:
    # pg_dump or pg_restore with arguments from the settings; no shell.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _dump_postgresql(target: Path, tables: list[str]) -> tuple[dict, dict]:
    """Counts and audit head read in the same snapshot pg_dump then dumps."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            counts, head = _count_rows(cursor, tables), _head(cursor)
            command, env = _pg_command(
                "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"
            )
            _run(command, env)
        raw.rollback()
    finally:
        raw.close()
    return counts, head


def _dump_sqlite(target: Path, tables: list[str]) -> tuple[dict, dict]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(target)  # counted in the copy: exactly what the archive holds
    try:
        cursor = copy.cursor()
        return _count_rows(cursor, tables), _head(cursor)
    finally:
        copy.close()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"onewindow-{stamp}.tar"


def create(path: Path | None = None, *, say: Callable[[str], None] = print) -> Summary:
    """Write an archive of the database and the media files to ``path``."""
    path = Path(path or default_path())
    if path.exists():
        raise BackupError(f"{path} already exists; name another file")
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups of a {vendor} database are not supported")
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = _tables()
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        database = Path(work) / (PG_DUMP if vendor == "postgresql" else SQLITE_DB)
        say(f"database ({vendor}) …")
        dump = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        counts, head = dump(database, tables)
        media = _media_files()
        root = Path(settings.MEDIA_ROOT)
        say(f"{sum(counts.values()):,} rows in {len(tables)} tables; {len(media):,} files …")
        members = {database.name: _sm3_file(database)}
        for file in media:
            members[f"{MEDIA}/{file.relative_to(root).as_posix()}"] = _sm3_file(file)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "vendor": vendor,
            "tables": counts,
            "audit_head": head,
            "data_key_fingerprint": key_fingerprint(),
            "members": members,
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            for file in media:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(root).as_posix()}")
        partial.rename(path)
    audit.record(
        "backup.created",
        object_type="backup",
        object_id=path.name,
        data={"digest": _sm3_file(path), "audit_seq": head["seq"], "rows": sum(counts.values())},
    )
    return Summary(
        path,
        vendor,
        len(counts),
        sum(counts.values()),
        head["seq"],
        len(media),
        path.stat().st_size,
    )


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise BackupError("not a OneWindow backup: no readable manifest.json") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}; expected {FORMAT}")
    return manifest


def _check_members(archive: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Extract every member into ``work`` and check its digest against the manifest."""
    listed = set(manifest["members"])
    present = {m.name for m in archive.getmembers() if m.isfile()} - {MANIFEST}
    if present != listed:
        extra, missing = sorted(present - listed), sorted(listed - present)
        raise BackupError(f"the archive's files differ from its manifest: {extra or missing}")
    archive.extractall(work, filter="data")  # no absolute paths, links or escapes
    for name, expected in manifest["members"].items():
        if _sm3_file(work / name) != expected:
            raise BackupError(f"{name} does not match its digest in the manifest: altered")


def _check_target_empty() -> None:
    existing = connection.introspection.table_names()
    if existing:
        raise BackupError(
            f"the target database already has {len(existing)} tables; "
            "restore into a new, empty database"
        )
    media = _media_files()
    if media:
        raise BackupError(f"MEDIA_ROOT ({settings.MEDIA_ROOT}) already holds {len(media)} files")


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    command, env = _pg_command(
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"
    )
    _run([*command, str(dump)], env)


def _restore_sqlite(database: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source, destination = sqlite3.connect(database), sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def restore(path: Path, *, say: Callable[[str], None] = print) -> Summary:
    """Restore ``path`` into the configured (empty) database and MEDIA_ROOT, then check it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        archive = tarfile.open(path, "r")  # noqa: SIM115  closed by the with below
    except tarfile.TarError as exc:
        raise BackupError(f"{path} is not a tar archive: {exc}") from exc
    with archive, tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        manifest = _read_manifest(archive)
        vendor = connection.vendor
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"the archive holds a {manifest['vendor']} database; the target is {vendor}"
            )
        if manifest["data_key_fingerprint"] != key_fingerprint():
            raise BackupError(
                "the configured data key is not the key this backup was made under: "
                "its ID numbers, phone numbers and seal keys would be unreadable"
            )
        _check_target_empty()
        say(f"checking {len(manifest['members']):,} files against the manifest …")
        _check_members(archive, manifest, work)
        say(f"database ({vendor}) …")
        if vendor == "postgresql":
            _restore_postgresql(work / PG_DUMP)
        else:
            _restore_sqlite(work / SQLITE_DB)
        media_root = Path(settings.MEDIA_ROOT)
        files = [name for name in manifest["members"] if name.startswith(f"{MEDIA}/")]
        for name in files:
            target = media_root / name.removeprefix(f"{MEDIA}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, target)
    say("checking row counts and the audit chain …")
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, list(manifest["tables"]))
    wrong = {t: (n, counts[t]) for t, n in manifest["tables"].items() if counts[t] != n}
    if wrong:
        raise BackupError(f"restored row counts differ (table: expected, found): {wrong}")
    chain = audit.verify_chain()
    if not chain.ok:
        raise BackupError(
            f"the restored audit chain is broken at #{chain.broken_seq}: {chain.reason}"
        )
    created = datetime.fromisoformat(manifest["created_at"])
    audit.record(
        "backup.restored",
        object_type="backup",
        object_id=path.name,
        data={
            "digest": _sm3_file(path),
            "created_at": created.isoformat(),
            "rows": sum(counts.values()),
        },
    )
    return Summary(
        path,
        vendor,
        len(counts),
        sum(counts.values()),
        chain.entries,
        len(files),
        path.stat().st_size,
    )
