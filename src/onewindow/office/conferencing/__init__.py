"""Video conferences of office meetings on a Janus WebRTC server (VideoRoom plugin): ``janus``
speaks Janus' HTTP API, ``rooms`` is what the office app calls with plain values (meeting id,
PIN, user id, name), ``server`` writes a Janus configuration and runs a private Janus for tests
and demos. docs/operations_janus.md says how to install and configure Janus."""
