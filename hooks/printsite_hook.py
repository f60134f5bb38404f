"""MkDocs hook: mkdocs-print-site-plugin's anchor-id pass without its backtracking, its link pass without one
scan of the page per link (handbook.printsite).

on_config: installs the fast pass when the installed print-site is the release it was verified against;
otherwise says so and leaves print-site as it is (correct, only slower).
"""

import logging

from handbook import printsite

log = logging.getLogger("mkdocs.hooks.printsite")


def on_config(config):
    if not printsite.install():
        log.info(f"print-site is not {printsite.VERIFIED_VERSION}: its own (slower) anchor-id and link passes are used")
