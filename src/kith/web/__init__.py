"""The web app and JSON API: `kith serve`. See docs/web.md."""

from kith.web.app import create_app

__all__ = ["create_app"]
