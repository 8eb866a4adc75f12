"""Live introspection for the static checker; runs as a program in the sandbox.

It imports only library modules and reads attributes: it never runs the
checked program.  Even so, *which* modules it imports is chosen by the checked
program, and importing a module runs its code, so this source runs inside the
sandbox (never on the host) and imports only modules the index lists
(``request["allowed"]``): any other module is "cannot tell", never executed.
Whether an unlisted submodule *exists* is read from its import spec, which
does not run it.  The request (JSON in ``request.json``) lists the library
modules the program imports, then questions; the answers are the program's
``result``.

Answers are ``{"exists": true | false | null, "members": [...]}`` or
``{"binds": true | false | null}``; ``null`` means "cannot tell", which the
checker treats as "exists" so that it never reports what it cannot prove.
A missing name's answer also lists ``holders``: those of the question's
``also`` paths (namesakes of the object asked about) that do have the name.
Standard library only: importing sciagent here would cost time for nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import pkgutil
import re
import sys
import warnings
from typing import Any

#: Classes whose instances serve attributes through ``__getattr__`` and list
#: them in ``__dir__``: a small probe instance shows what a real one has.
PROBES: dict[str, tuple[list[Any], dict[str, Any]]] = {
    "astropy.coordinates.sky_coordinate.SkyCoord": ([0, 0], {"unit": "deg"}),
    "astropy.coordinates.baseframe.BaseCoordinateFrame": ([], {}),
    "astropy.time.core.Time": (["2000-01-01T00:00:00"], {}),
    "astropy.time.core.TimeDelta": ([1.0], {"format": "jd"}),
}
_MISSING = object()
#: modules the index lists: the only ones this program may import
ALLOWED: set[str] = set()


class Undecided(Exception):
    """Resolving a path failed for a reason other than "no such name"."""


def _import(name: str) -> Any:
    if name not in ALLOWED:
        return _spec_only(name)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (exc.name == name or name.startswith(exc.name + ".")):
            return _MISSING
        raise Undecided(str(exc)) from None
    except BaseException as exc:
        raise Undecided(str(exc)) from None


def _spec_only(name: str) -> Any:
    """An unlisted module: _MISSING when no such module exists, else "cannot tell".

    ``find_spec`` imports the parent package (listed, or it is not asked) but
    does not execute the module itself.
    """
    parent = name.rpartition(".")[0]
    if parent and parent not in ALLOWED:
        raise Undecided(f"{name} is not a module the index lists")
    try:
        if parent and not hasattr(importlib.import_module(parent), "__path__"):
            return _MISSING  # a plain module has no submodules
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return _MISSING
    except BaseException as exc:
        raise Undecided(str(exc)) from None
    if spec is None:
        return _MISSING
    raise Undecided(f"{name} exists but is not a module the index lists; not imported")


def _resolve(path: str) -> tuple[Any, Any, int]:
    """(object or _MISSING, last object found, index of the first missing part)."""
    parts = path.split(".")
    obj = _import(parts[0])
    if obj is _MISSING:
        return _MISSING, None, 0
    for i in range(1, len(parts)):
        try:
            obj = getattr(obj, parts[i])
            continue
        except AttributeError:
            pass
        except BaseException as exc:
            raise Undecided(str(exc)) from None
        if inspect.ismodule(obj):
            sub = _import(".".join(parts[: i + 1]))
            if sub is not _MISSING:
                obj = sub
                continue
        return _MISSING, obj, i
    return obj, None, len(parts)


def _members(obj: Any) -> list[str]:
    try:
        names = {n for n in dir(obj) if not n.startswith("_")}
    except BaseException:
        names = set()
    if inspect.ismodule(obj):
        for info in pkgutil.iter_modules(getattr(obj, "__path__", None) or []):
            if not info.name.startswith("_"):
                names.add(info.name)
    return sorted(names)


def _holders(q: dict[str, Any], name: str) -> list[str]:
    """The ``also`` paths that have attribute ``name``."""
    out = []
    for path in q.get("also", []):
        try:
            obj, _, _ = _resolve(path)
            if obj is not _MISSING and hasattr(obj, name):
                out.append(path)
        except BaseException:
            continue
    return out


def ask_path(q: dict[str, Any]) -> dict[str, Any]:
    obj, parent, missing_at = _resolve(q["path"])
    if obj is not _MISSING:
        return {"exists": True}
    if missing_at != len(q["path"].split(".")) - 1:
        return {"exists": None}  # an earlier part is missing: not this question's to judge
    return {
        "exists": False,
        "members": [] if parent is None else _members(parent),
        "holders": _holders(q, q["path"].rpartition(".")[2]),
    }


def ask_module(q: dict[str, Any]) -> dict[str, Any]:
    found = _import(q["path"])
    if found is not _MISSING:
        return {"exists": True}
    parent_name = q["path"].rpartition(".")[0]
    parent = _import(parent_name) if parent_name else _MISSING
    return {"exists": False, "members": [] if parent is _MISSING else _members(parent)}


def _subclasses(cls: type) -> list[type]:
    seen: list[type] = []
    todo = [cls]
    while todo and len(seen) < 5000:
        try:
            subs: list[type] = type.__subclasses__(todo.pop())
        except TypeError:
            continue
        for sub in subs:
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return seen


def _own(cls: type, name: str) -> bool:
    """Whether some class of the MRO other than ``object`` defines ``name``."""
    return any(name in vars(k) for k in cls.__mro__ if k is not object)


def _instance_names(cls: type) -> tuple[set[str], bool]:
    """Attributes instances get outside the class dict, and whether that list is complete."""
    names: set[str] = set()
    complete = True
    for k in cls.__mro__:
        if k is object:
            continue
        slots = vars(k).get("__slots__", ())
        names.update([slots] if isinstance(slots, str) else list(slots))
        names.update(getattr(k, "__dataclass_fields__", {}) or {})
        names.update(vars(k).get("__annotations__", {}) or {})
        try:
            module_source = inspect.getsource(sys.modules[k.__module__])
        except BaseException:
            continue
        if re.search(r"setattr\(|__dict__\[|__dict__\.update", module_source):
            complete = False
        # any `x.name = ...` in the defining module: attributes set from outside count too
        names.update(re.findall(r"\.([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)", module_source))
    return names, complete


def _probe(cls: type) -> Any:
    for k in cls.__mro__:
        spec = PROBES.get(f"{k.__module__}.{k.__qualname__}")
        if spec is not None:
            args, kwargs = spec
            return cls(*args, **kwargs)
    return _MISSING


def ask_member(q: dict[str, Any]) -> dict[str, Any]:
    """Does an instance of class ``q["cls"]`` have attribute ``q["name"]``?"""
    cls, _, _ = _resolve(q["cls"])
    name = q["name"]
    if cls is _MISSING or not isinstance(cls, type):
        return {"exists": None}
    if hasattr(cls, name) or any(hasattr(s, name) for s in _subclasses(cls)):
        return {"exists": True}
    if type(cls).__call__ is not type.__call__:
        return {"exists": None}  # the metaclass may build another type (astropy's Unit)
    names, complete = _instance_names(cls)
    if name in names:
        return {"exists": True}
    members = set(_members(cls)) | {n for n in names if not n.startswith("_")}
    if _own(cls, "__getattr__") or _own(cls, "__getattribute__"):
        # served dynamically: only a probe instance whose class lists what it
        # serves (a custom ``__dir__``) can tell, and then it tells everything
        try:
            probe = _probe(cls)
        except BaseException:
            probe = _MISSING
        if probe is _MISSING or not _own(cls, "__dir__"):
            return {"exists": None}
        members |= set(_members(probe))
        if name in members:
            return {"exists": True}
    elif not complete:
        return {"exists": None}
    return {"exists": False, "members": sorted(members)}


def ask_bind(q: dict[str, Any]) -> dict[str, Any]:
    """Bind a call's shape to the live object's outermost signature (decorators included)."""
    obj, _, _ = _resolve(q["path"])
    if obj is _MISSING:
        return {"binds": None}
    try:
        sig = inspect.signature(obj, follow_wrapped=False)
    except BaseException:
        return {"binds": None}
    counts = set(q["counts"])
    if q.get("bound") and inspect.isfunction(obj):
        # read off the class, a method still lists `self`, which an instance passes
        owner, _, name = q["path"].rpartition(".")
        owner_obj, _, _ = _resolve(owner)
        if not isinstance(inspect.getattr_static(owner_obj, name, None), staticmethod):
            counts = {n + 1 for n in counts}
    for n in sorted(counts):
        try:
            sig.bind(*([None] * n), **dict.fromkeys(q["keywords"]))
            return {"binds": True}
        except TypeError:
            continue
    return {"binds": False}


OPS = {"path": ask_path, "module": ask_module, "member": ask_member, "bind": ask_bind}


def answer(q: dict[str, Any]) -> dict[str, Any]:
    try:
        return OPS[q["op"]](q)
    except BaseException as exc:  # any library failure means "cannot tell"
        return {"exists": None, "binds": None, "error": f"{type(exc).__name__}: {exc}"[:200]}


def answer_all(request: dict[str, Any]) -> list[dict[str, Any]]:
    """Import the listed modules the program imports, then answer every question."""
    ALLOWED.update(request.get("allowed", []))
    os.environ.setdefault("MPLBACKEND", "Agg")
    warnings.simplefilter("ignore")
    roots = {m.split(".")[0] for m in request.get("imports", [])}
    roots |= {str(q.get("path") or q.get("cls")).split(".")[0] for q in request["questions"]}
    if "astropy" in roots:  # some imports would try to download IERS tables
        try:
            from astropy.utils import iers

            iers.conf.auto_download = False
        except BaseException:
            pass
    for module in request.get("imports", []):
        if module in ALLOWED:
            try:
                importlib.import_module(module)
            except BaseException:
                pass
    return [answer(q) for q in request["questions"]]
