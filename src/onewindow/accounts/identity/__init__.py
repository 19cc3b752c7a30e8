"""Identity assurance (实名认证): who an account claims to be, proven and kept true.

``base``/``registry`` hold the verification plug-in contract and its registry (the built-in
provider lives in the registry app), ``models`` the verification, agent and reclaim records,
``throttle`` the rate limits, ``services`` the writes.
"""
