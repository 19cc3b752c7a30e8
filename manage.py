#!/usr/bin/env python
"""Django's command-line utility; the same as the ``onewindow`` console script."""

from onewindow.cli import main

if __name__ == "__main__":
    main()
