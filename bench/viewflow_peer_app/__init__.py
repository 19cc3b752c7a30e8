"""食品经营许可 as a django-viewflow 2.x flow: the peer of bench/lifecycle.py.

Installed only by bench/viewflow_peer.py, on a database of its own; not part of the product.
"""
