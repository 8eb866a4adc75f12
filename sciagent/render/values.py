"""How a program's data looks: quantities, tables, figures, JSON, as HTML and text.

Everything here renders *data* a sandboxed program produced (its JSON-safe
``result``, its stdout, the files it wrote); nothing is executed.  All text is
untrusted and goes through :func:`html.escape`; images are embedded as base64
``data:`` URIs in ``<img>`` tags, so an SVG file a program wrote cannot run
scripts in the notebook.

A leaf like the rest of :mod:`sciagent.render`: files are read through
:class:`FileView`, which :class:`~sciagent.sandbox.OutputFile` satisfies, and
a run kept as a dict (``RunResult.to_dict()``, e.g. read back from JSON)
through :func:`stored_files`.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

MAX_ROWS = 50  # rows shown of a table; the rest are counted
MAX_COLUMNS = 30
MAX_JSON = 5000  # characters of a JSON value shown
MAX_CELL = 200  # characters of one table cell

IMAGE_TYPES = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".svg": ("image/svg+xml", ()),
}
TABLE_TYPES = {".csv": ",", ".tsv": "\t"}


# ------------------------------------------------------------------ quantities
def is_quantity(value: Any) -> bool:
    """An astropy Quantity as the sandbox converts it: ``{"value": ..., "unit": "..."}``."""
    return isinstance(value, dict) and set(value) == {"value", "unit"}


def format_number(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)  # the shortest text that round-trips: 67.4, not 67.400000
    return str(value)


def format_quantity(value: dict[str, Any]) -> str:
    """``{"value": 67.4, "unit": "Mpc"}`` -> ``"67.4 Mpc"``."""
    number = value["value"]
    shown = (
        "[" + ", ".join(format_number(v) for v in number) + "]"
        if isinstance(number, list)
        else format_number(number)
    )
    unit = str(value["unit"]).strip()
    return f"{shown} {unit}" if unit else shown


def format_scalar(value: Any) -> str:
    """One value as text: quantities with their unit, floats without noise."""
    if is_quantity(value):
        return format_quantity(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return format_number(value)
    return json.dumps(value, default=str)


# ---------------------------------------------------------------------- tables
Table = tuple[list[str], list[list[Any]]]


def as_table(value: Any) -> Table | None:
    """Columns and rows when ``value`` is a list of dicts or a dict of equal-length lists."""
    if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
        if all(is_quantity(r) for r in value):
            return None  # a list of quantities reads better as a list
        columns: list[str] = []
        for row in value:
            columns += [str(k) for k in row if str(k) not in columns]
        columns = columns[:MAX_COLUMNS]
        return columns, [[row.get(c, "") for c in columns] for row in value]
    if (
        isinstance(value, dict)
        and value
        and not is_quantity(value)
        and all(isinstance(v, list) for v in value.values())
    ):
        lengths = {len(v) for v in value.values()}
        if len(lengths) == 1 and lengths != {0}:
            columns = [str(k) for k in value][:MAX_COLUMNS]
            cols = list(value.values())[:MAX_COLUMNS]
            return columns, [list(r) for r in zip(*cols, strict=True)]
    return None


def parse_delimited(data: bytes, delimiter: str = ",") -> Table | None:
    """A CSV/TSV file's header and rows (None when it is not readable text)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [r for r in rows if r]
    if not rows:
        return None
    header, body = rows[0][:MAX_COLUMNS], [r[:MAX_COLUMNS] for r in rows[1:]]
    return header, body


def _cell(value: Any) -> str:
    text = format_scalar(value)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…"


def table_html(table: Table) -> str:
    columns, rows = table
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in rows[:MAX_ROWS]
    )
    more = (
        f'<div class="sciagent-more">… {len(rows) - MAX_ROWS} more rows</div>'
        if len(rows) > MAX_ROWS
        else ""
    )
    return (
        '<table class="sciagent-table" style="border-collapse:collapse">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
    )


def table_text(table: Table) -> str:
    columns, rows = table
    shown = [[_cell(v) for v in row] for row in rows[:MAX_ROWS]]
    widths = [
        max([len(c), *(len(r[i]) for r in shown if i < len(r))]) for i, c in enumerate(columns)
    ]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for row in shown:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)).rstrip())
    if len(rows) > MAX_ROWS:
        lines.append(f"… {len(rows) - MAX_ROWS} more rows")
    return "\n".join(lines)


# ---------------------------------------------------------------------- values
def _json(value: Any) -> str:
    text = json.dumps(value, indent=2, default=str, ensure_ascii=False)
    return text if len(text) <= MAX_JSON else text[:MAX_JSON] + "\n…"


def value_html(value: Any) -> str:
    """A program's ``result`` as HTML: a quantity, a table, a scalar or JSON."""
    if is_quantity(value):
        return f'<span class="sciagent-quantity">{escape(format_quantity(value))}</span>'
    table = as_table(value)
    if table is not None:
        return table_html(table)
    if value is None or isinstance(value, str | int | float | bool):
        return f'<code class="sciagent-scalar">{escape(format_scalar(value))}</code>'
    if isinstance(value, list) and all(is_quantity(v) for v in value):
        items = ", ".join(escape(format_quantity(v)) for v in value)
        return f'<span class="sciagent-quantity">[{items}]</span>'
    return f'<pre class="sciagent-json">{escape(_json(value))}</pre>'


def value_text(value: Any) -> str:
    table = as_table(value)
    if table is not None:
        return table_text(table)
    if value is None or is_quantity(value) or isinstance(value, str | int | float | bool):
        return format_scalar(value)
    return _json(value)


# ----------------------------------------------------------------------- files
class FileView(Protocol):
    """What the views read of a file a program wrote (:class:`~sciagent.sandbox.OutputFile`)."""

    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def content(self) -> bytes | None: ...


def shown_path(path: str) -> str:
    """``path`` relative to the current folder when it is inside it (shorter to read)."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def image_html(name: str, data: bytes) -> str | None:
    """An ``<img>`` for PNG/JPEG/GIF/SVG bytes whose content matches the extension."""
    kind = IMAGE_TYPES.get(_suffix(name))
    if kind is None:
        return None
    mime, magics = kind
    if magics and not any(data.startswith(m) for m in magics):
        return None
    if not magics and b"<svg" not in data[:4096]:
        return None
    b64 = base64.b64encode(data).decode("ascii")
    return (
        '<figure class="sciagent-figure" style="margin:0.5em 0">'
        f'<img src="data:{mime};base64,{b64}" alt="{escape(name)}" style="max-width:100%">'
        f"<figcaption><code>{escape(name)}</code></figcaption></figure>"
    )


def files_html(files: Sequence[FileView], skip: Iterable[str] = ()) -> str:
    """The files a program wrote: figures inline, CSV/TSV as tables, the rest listed."""
    skipped = set(skip)
    parts: list[str] = []
    listed: list[str] = []
    for f in files:
        if f.name in skipped:
            continue
        data = f.content
        shown = None
        if data is not None:
            shown = image_html(f.name, data)
            delimiter = TABLE_TYPES.get(_suffix(f.name))
            if shown is None and delimiter is not None:
                table = parse_delimited(data, delimiter)
                if table is not None:
                    shown = (
                        f'<div class="sciagent-file"><code>{escape(f.name)}</code>'
                        f"{table_html(table)}</div>"
                    )
        if shown is not None:
            parts.append(shown)
        else:
            note = "" if data is not None else ", content not kept"
            listed.append(f"<li><code>{escape(f.name)}</code> ({f.size} bytes{note})</li>")
    if listed:
        parts.append(f'<ul class="sciagent-files">{"".join(listed)}</ul>')
    return "".join(parts)


def files_text(files: Sequence[FileView], skip: Iterable[str] = ()) -> str:
    skipped = set(skip)
    return "\n".join(f"  {f.name} ({f.size} bytes)" for f in files if f.name not in skipped)


#: files named one by one in a brief for a model; the rest are counted
MAX_BRIEF_FILES = 20


def files_brief(
    files: Sequence[FileView],
    saved: Mapping[str, str] | None = None,
    *,
    truncated: bool = False,
) -> str:
    """The files a program wrote, for a model or a log: names and sizes, and where each
    was saved on the host when ``saved`` (name -> path) says so.

    Empty when the program wrote nothing, so callers can append it as is.
    """
    if not files:
        return ""
    lines = [f"files written ({len(files)}{'+' if truncated else ''}):"]
    for f in files[:MAX_BRIEF_FILES]:
        line = f"  {f.name} ({f.size:,} bytes)"
        if saved is not None:
            path = saved.get(f.name)
            line += f", saved to {path}" if path else ", not saved"
        lines.append(line)
    if len(files) > MAX_BRIEF_FILES:
        lines.append(f"  … {len(files) - MAX_BRIEF_FILES} more")
    return "\n".join(lines)
