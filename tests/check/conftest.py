"""One batch of live introspection for the whole module keeps these tests fast."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
