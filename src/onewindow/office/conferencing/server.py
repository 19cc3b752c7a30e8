"""A private Janus WebRTC server: its configuration written from Debian's defaults, started and
stopped as a child process (the tests' ``janus_server`` fixture, an operator trying meetings
beside ``make demo``: ``python -m onewindow.office.conferencing.server``).

Only what OneWindow uses is loaded: the VideoRoom plugin, where rooms can be created only with
the ``admin_key``, and the HTTP transport (Janus API and admin API) on loopback. Production
installs configure /etc/janus the same way (docs/operations_janus.md)."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

DEBIAN_CONFIG = Path("/etc/janus/janus.jcfg")
# Where Debian's package puts its modules when /etc/janus/janus.jcfg cannot be read.
DEBIAN_LIB = Path("/usr/lib/x86_64-linux-gnu/janus")
FOLDERS = ("plugins", "transports", "events", "loggers")
KEEP = {"plugins": "libjanus_videoroom.so", "transports": "libjanus_http.so"}


def binary() -> str | None:
    """The path of the ``janus`` program, or None when Debian's ``janus`` is not installed."""
    return shutil.which("janus")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def module_folders(defaults: Path = DEBIAN_CONFIG) -> dict[str, Path]:
    """Where the installed package keeps plugins, transports, event handlers and loggers, as
    Debian's janus.jcfg says (the multiarch path differs between architectures)."""
    text = defaults.read_text() if defaults.exists() else ""
    folders = {}
    for kind in FOLDERS:
        found = re.search(rf'^\s*{kind}_folder\s*=\s*"([^"]+)"', text, re.MULTILINE)
        folders[kind] = Path(found.group(1)) if found else DEBIAN_LIB / kind
    return folders


def _others(folder: Path, keep: str | None) -> str:
    """A comma-separated ``disable`` list: every module in the folder except ``keep``."""
    names = sorted(p.name for p in folder.glob("*.so")) if folder.is_dir() else []
    return ",".join(name for name in names if name != keep)


@dataclass
class Config:
    """What a private Janus listens on and the keys it asks for."""

    port: int = field(default_factory=free_port)
    admin_port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    admin_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    admin_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Interfaces ICE gathers candidates on: loopback lets browsers on this machine connect and
    # keeps media off every other network (tests, a demo on a laptop).
    ice_enforce_list: str = "lo"
    stun_server: str = ""  # host:port, for a server behind NAT

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/janus"

    @property
    def admin_url(self) -> str:
        return f"http://{self.host}:{self.admin_port}/admin"


def write_config(config: Config, directory: Path, defaults: Path = DEBIAN_CONFIG) -> Path:
    """Write janus.jcfg and the HTTP transport's and VideoRoom's files into ``directory``;
    return the path of janus.jcfg (``janus -C <it> -F <directory>``)."""
    directory.mkdir(parents=True, exist_ok=True)
    folders = module_folders(defaults)
    stun = ""
    if config.stun_server:
        stun_host, _, stun_port = config.stun_server.partition(":")
        stun = f'\tstun_server = "{stun_host}"\n\tstun_port = {stun_port or 3478}\n'
    (directory / "janus.jcfg").write_text(
        "general: {\n"
        f'\tconfigs_folder = "{directory}"\n'
        + "".join(f'\t{kind}_folder = "{folders[kind]}"\n' for kind in FOLDERS)
        + "\tdebug_level = 4\n"
        f'\tadmin_secret = "{config.admin_secret}"\n'
        '\tserver_name = "OneWindow"\n'
        "\tsession_timeout = 60\n"
        "}\n"
        "media: {\n}\n"
        "nat: {\n"
        f"{stun}"
        f'\tice_enforce_list = "{config.ice_enforce_list}"\n'
        "\tignore_mdns = true\n"
        "}\n"
        f'plugins: {{\n\tdisable = "{_others(folders["plugins"], KEEP["plugins"])}"\n}}\n'
        f'transports: {{\n\tdisable = "{_others(folders["transports"], KEEP["transports"])}"\n}}\n'
        f'loggers: {{\n\tdisable = "{_others(folders["loggers"], None)}"\n}}\n'
        "events: {\n\tbroadcast = false\n}\n"
    )
    (directory / "janus.transport.http.jcfg").write_text(
        "general: {\n"
        '\tjson = "plain"\n'
        '\tbase_path = "/janus"\n'
        "\thttp = true\n"
        f'\tip = "{config.host}"\n'
        f"\tport = {config.port}\n"
        "\thttps = false\n"
        "}\n"
        "admin: {\n"
        '\tadmin_base_path = "/admin"\n'
        "\tadmin_http = true\n"
        f'\tadmin_ip = "{config.host}"\n'
        f"\tadmin_port = {config.admin_port}\n"
        "\tadmin_https = false\n"
        "}\n"
        "cors: {\n}\n"
    )
    (directory / "janus.plugin.videoroom.jcfg").write_text(
        f'general: {{\n\tadmin_key = "{config.admin_key}"\n\tlock_rtp_forward = true\n}}\n'
    )
    return directory / "janus.jcfg"


class JanusServer:
    """A running private Janus: ``start()`` writes its configuration into a temporary folder,
    launches it and waits until ``GET /janus/info`` answers; ``stop()`` ends it."""

    def __init__(self, config: Config | None = None, *, log: Path | None = None):
        self.config = config or Config()
        self.log = log
        self.directory: Path | None = None
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> JanusServer:
        program = binary()
        if program is None:
            raise FileNotFoundError("janus is not installed (Debian package 'janus')")
        self.directory = Path(tempfile.mkdtemp(prefix="onewindow-janus-"))
        jcfg = write_config(self.config, self.directory)
        log = self.log or self.directory / "janus.log"
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed program and our own files)
                [program, "-C", str(jcfg), "-F", str(self.directory), "-o"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"janus exited with {self.process.returncode}:\n{self.output()}")
            if self.info() is not None:
                return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"janus did not answer on {self.config.url} in {timeout} s")

    def info(self) -> dict | None:
        """Janus' ``/info`` answer (version, plugins, transports), or None if it is not up."""
        try:
            with urllib.request.urlopen(f"{self.config.url}/info", timeout=1) as response:  # noqa: S310
                return json.load(response)
        except (OSError, urllib.error.URLError, ValueError):
            return None

    def output(self) -> str:
        log = self.log or (self.directory / "janus.log" if self.directory else None)
        return log.read_text(errors="replace") if log and log.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.directory is not None and self.log is None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> JanusServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Run a private Janus in the foreground and print the settings that point OneWindow at it."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument("--admin-port", type=int, default=7088)
    parser.add_argument("--ice", default="lo", help="interfaces for ICE candidates (default lo)")
    args = parser.parse_args(argv)
    config = Config(port=args.port, admin_port=args.admin_port, ice_enforce_list=args.ice)
    with JanusServer(config) as server:
        print(f"ONEWINDOW_JANUS_URL={config.url}")
        print(f"ONEWINDOW_JANUS_ADMIN_KEY={config.admin_key}")
        print(f"janus {server.info()['version_string']}, admin API {config.admin_url}")
        print("Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            server.process.wait()


if __name__ == "__main__":
    main()
