"""Every write of the disclosure app, one transaction each, audited: ``publishing`` (主动公开),
``requests`` (依申请公开) and ``reports`` (年度报告)."""
