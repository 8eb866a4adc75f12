"""Walk one installed library and describe its public API.

Run as ``python -m sciagent.introspection.walker SPEC_JSON OUT_JSON`` in a
subprocess of its own: importing every submodule of a library has side effects
(global state, optional dependencies that raise, warnings), and one library
must never disturb another or the caller.

Identity is by object: every public path that reaches the same function or
class becomes one record, whose ``qualname`` is the home path (where the
object is defined) when that is public.  Its other paths are ranked
(:mod:`.paths`): the one people type becomes ``path``, the next few exported
ones ``aliases``, the rest ``more_aliases`` (known to the checker, not shown).
Test modules and ``unittest.TestCase`` classes are not walked: they are no API.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
import time
import types
import warnings
from dataclasses import dataclass, field
from typing import Any

from ..records import ApiRecord, Param, Signature
from . import docstrings as ds
from .paths import STAR_MIN, STAR_SHARE, Naming, PathFacts, is_private, is_test_module, name_paths

_ROUTINE_TYPES = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.BuiltinMethodType,
    types.WrapperDescriptorType,
    types.MethodDescriptorType,
    types.ClassMethodDescriptorType,
)
_MAX_DOC = 2500
MAX_INSTANCES_PER_CLASS = 60
MAX_GENERATED_CLASSES = 200


@dataclass
class WalkSpec:
    library: str
    import_name: str
    version: str
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    exclude_names: list[str] = field(default_factory=list)
    include_names: list[str] = field(default_factory=list)
    domain: str = ""
    #: class path -> class path its instances forward attribute access to (Plugin.forwards)
    forwards: dict[str, str] = field(default_factory=dict)


@functools.lru_cache(maxsize=200_000)
def _is_private(dotted: str) -> bool:
    return is_private(dotted)


def _is_testcase(cls: type) -> bool:
    """A ``unittest.TestCase`` subclass (``rdkit.Chem.Recap.TestCase``): tests, not API."""
    return any(
        k.__name__ == "TestCase" and k.__module__.startswith("unittest") for k in cls.__mro__
    )


class Walker:
    def __init__(self, spec: WalkSpec) -> None:
        from ..plugin import Library

        self.spec = spec
        self.lib = Library(
            name=spec.library,
            import_name=spec.import_name,
            distribution=spec.library,
            include=tuple(spec.include),
            exclude=tuple(spec.exclude),
            exclude_names=tuple(spec.exclude_names),
            include_names=tuple(spec.include_names),
        )
        self.modules: dict[str, types.ModuleType] = {}
        self.failures: list[dict[str, str]] = []
        self.deprecated_modules: set[str] = set()
        # object key -> (object, kind, home path, set of public paths, owner class or None)
        self.entries: dict[Any, dict[str, Any]] = {}
        # id(class) -> {member name: entry key}, for forwarded members
        self.members_of: dict[int, dict[str, Any]] = {}
        self._shares: dict[tuple[str, str], float] = {}

    # ----------------------------------------------------------------- modules
    def import_all(self) -> None:
        root = self.spec.import_name
        self._import(root)
        if root in self.modules:
            self._recurse(self.modules[root])

    def _import(self, name: str) -> types.ModuleType | None:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                module = importlib.import_module(name)
        except BaseException as exc:  # SystemExit and friends from library import code
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.failures.append({"module": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
            return None
        for w in caught:
            is_deprecation = "deprecat" in w.category.__name__.lower()
            if is_deprecation and name.rsplit(".", 1)[-1] in str(w.message):
                self.deprecated_modules.add(name)
        self.modules[name] = module
        return module

    def _recurse(self, package: types.ModuleType) -> None:
        for info in pkgutil.iter_modules(getattr(package, "__path__", []) or []):
            name = f"{package.__name__}.{info.name}"
            if info.name.startswith("_") or is_test_module(name) or not self.lib.wants(name):
                continue
            module = self._import(name)
            if module is not None and info.ispkg:
                self._recurse(module)

    # ----------------------------------------------------------------- objects
    def _ours(self, obj: Any) -> bool:
        mod = getattr(obj, "__module__", None)
        if not isinstance(mod, str):
            return False
        root = self.spec.import_name
        return mod == root or mod.startswith(root + ".")

    def _public_names(self, module: types.ModuleType) -> list[str]:
        """``__all__`` plus the library's own classes and functions bound here.

        ``astropy.io.fits.__all__`` omits ``FITSDiff``, yet ``fits.FITSDiff`` is
        what people write: a path that works is a path the index must know.
        """
        names = {n for n in vars(module) if not n.startswith("_")}
        declared = getattr(module, "__all__", None)
        if isinstance(declared, list | tuple) and all(isinstance(n, str) for n in declared):
            extra = {
                n
                for n in names - set(declared)
                if (inspect.isclass(vars(module)[n]) or inspect.isroutine(vars(module)[n]))
                and self._ours(vars(module)[n])
            }
            return sorted({n for n in declared if not n.startswith("_")} | extra)
        return sorted(names)

    def collect(self) -> None:
        instances: dict[tuple[str, type], list[tuple[str, Any]]] = {}
        for modname in sorted(self.modules):
            if _is_private(modname):
                continue
            module = self.modules[modname]
            self._add(("module", modname), module, "module", modname, modname)
            for name in self._public_names(module):
                try:
                    obj = getattr(module, name)
                except Exception:
                    continue
                path = f"{modname}.{name}"
                exported = self._exported(module, name, obj)
                if inspect.isclass(obj):
                    if self._ours(obj) and not _is_testcase(obj):
                        home = f"{obj.__module__}.{obj.__qualname__}"
                        self._add(id(obj), obj, "class", home, path, exported)
                elif self._is_instance(obj):
                    instances.setdefault((modname, type(obj)), []).append((path, obj))
                elif callable(obj) and not isinstance(obj, types.ModuleType):
                    if not self._ours(obj):
                        continue
                    objname = getattr(obj, "__name__", None)
                    if objname == name and isinstance(objname, str):
                        home = f"{obj.__module__}.{getattr(obj, '__qualname__', objname)}"
                    else:  # a lambda or partial bound to a name: its binding is its home
                        home = path
                    self._add(id(obj), obj, "function", home, path, exported)

        self._add_instances(instances)
        self._collapse_generated_classes()

    def _exported(self, module: types.ModuleType, name: str, obj: Any) -> bool:
        """Whether ``module`` offers ``obj`` to its users, or merely imports it for its own use.

        Offered: defined there, listed in ``__all__``, re-exported by a package
        from its own submodules, from a private module, or by a star import
        (most of the home module's names bound here, like ``rdkit.Chem.AllChem``).
        ``SkyCoord`` imported by ``astropy.wcs.utils`` is none of these.
        """
        modname = module.__name__
        home = getattr(obj, "__module__", None)
        if not isinstance(home, str) or (not inspect.isclass(obj) and not callable(obj)):
            return True  # an instance: its binding is its home
        if home == modname or home.startswith(modname + ".") or _is_private(home):
            return True
        declared = getattr(module, "__all__", None)
        if isinstance(declared, list | tuple) and name in declared:
            return True
        return self._star_share(module, home) >= STAR_SHARE

    def _star_share(self, module: types.ModuleType, home: str) -> float:
        """Share of ``home``'s own public names that ``module`` binds to the same objects."""
        key = (module.__name__, home)
        if key not in self._shares:
            source = sys.modules.get(home)
            own = {
                n: v
                for n, v in (vars(source).items() if source is not None else ())
                if not n.startswith("_") and getattr(v, "__module__", None) == home
            }
            bound = sum(1 for n, v in own.items() if vars(module).get(n) is v)
            self._shares[key] = bound / len(own) if bound >= STAR_MIN else 0.0
        return self._shares[key]

    def _is_instance(self, obj: Any) -> bool:
        """A module-level object of one of the library's classes (``Planck18``, ``c``)."""
        cls = type(obj)
        return (
            not inspect.isclass(obj)
            and not inspect.isroutine(obj)
            and not isinstance(obj, types.ModuleType)
            and self._ours(cls)
        )

    def _add_instances(self, instances: dict[tuple[str, type], list[tuple[str, Any]]]) -> None:
        """Instances become ``attribute`` records, and paths to their methods.

        Modules that expose thousands of instances of one class (astropy's
        units) are skipped: they would drown the index and teach little.
        """
        for (_, cls), items in instances.items():
            if len(items) > MAX_INSTANCES_PER_CLASS:
                continue
            for path, obj in items:
                entry_key = ("instance", id(obj))
                self._add(entry_key, obj, "attribute", path, path)
                self.entries[entry_key]["instance_of"] = cls

    def _collapse_generated_classes(self) -> None:
        """Drop bulk-generated leaf classes, keep their bases.

        Bio.Restriction makes ~1,100 enzyme classes with one metaclass; the API
        is in their few bases (``AbstractCut.search``, ``Ov5.catalyse``).
        """
        groups: dict[tuple[str, str], list[Any]] = {}
        for key, entry in self.entries.items():
            obj = entry["obj"]
            meta = type(obj)
            if entry["kind"] == "class" and meta is not type and self._ours(meta):
                # by name: Biopython makes one RestrictionType metaclass per enzyme family
                groups.setdefault(
                    (obj.__module__, f"{meta.__module__}.{meta.__qualname__}"), []
                ).append(key)
        for keys in groups.values():
            if len(keys) <= MAX_GENERATED_CLASSES:
                continue
            classes = [self.entries[k]["obj"] for k in keys]
            bases = {id(b) for c in classes for b in c.__mro__[1:]}
            for key, cls in zip(keys, classes, strict=True):
                if id(cls) not in bases:
                    del self.entries[key]

    def _add(
        self, key: Any, obj: Any, kind: str, home: str, path: str, exported: bool = True
    ) -> None:
        entry = self.entries.get(key)
        if entry is None:
            entry = {
                "obj": obj,
                "kind": kind,
                "home": home,
                "paths": set(),
                "owner": None,
                "exported": {home},
            }
            self.entries[key] = entry
        entry["paths"].add(path)
        if exported:
            entry["exported"].add(path)

    def collect_members(self) -> None:
        holders = [e for e in list(self.entries.values()) if e["kind"] in {"class", "attribute"}]
        for entry in holders:
            cls = entry["obj"] if entry["kind"] == "class" else entry["instance_of"]
            class_paths = sorted(entry["paths"] | {entry["home"]})
            exported = entry["exported"]
            for name in sorted(dir(cls)):
                if name.startswith("_"):
                    continue
                owner = next((k for k in cls.__mro__ if name in vars(k)), None)
                if owner is None or not self._ours(owner):
                    continue  # inherited from object, dict, numpy.ndarray, Boost.Python...
                raw = vars(owner)[name]
                kind = self._member_kind(cls, name, raw)
                if kind is None:
                    continue
                key = ("member", id(owner), name)
                home = f"{owner.__module__}.{owner.__qualname__}.{name}"
                for cpath in class_paths:
                    self._add(key, raw, kind, home, f"{cpath}.{name}", cpath in exported)
                if entry["kind"] == "class":
                    self.members_of.setdefault(id(cls), {})[name] = key
                member = self.entries[key]
                member["owner"] = owner
                member.setdefault("bound", cls)
                paths = {f"{p}.{name}" for p in class_paths}
                if cls is owner:  # paths through the defining class rank first among aliases
                    member.setdefault("own_paths", set()).update(paths)
                if entry["kind"] == "class":  # then paths through subclasses, then instances
                    member.setdefault("class_paths", set()).update(paths)

    def collect_forwarded(self) -> None:
        """Paths a plugin declared: ``SkyCoord.separation`` is the frame's method,
        reached through ``SkyCoord.__getattr__`` on instances, which no walk sees.

        Every member of the target class that the forwarding class lacks gets
        the declared path (preferred over all others) and the forwarding
        class's other exported paths.
        """
        classes = {p: e for e in self.entries.values() if e["kind"] == "class" for p in e["paths"]}
        classes.update({e["home"]: e for e in self.entries.values() if e["kind"] == "class"})
        for source, target in sorted(self.spec.forwards.items()):
            src, tgt = classes.get(source), classes.get(target)
            if src is None or tgt is None:
                continue
            own = set(dir(src["obj"]))
            for name, key in sorted(self.members_of.get(id(tgt["obj"]), {}).items()):
                if name in own:
                    continue  # found by normal lookup: __getattr__ never runs
                member = self.entries[key]
                for cpath in src["exported"] | {source}:
                    self._add(key, member["obj"], member["kind"], member["home"], f"{cpath}.{name}")
                member.setdefault("forwarded", set()).add(f"{source}.{name}")

    def _member_kind(self, cls: type, name: str, raw: Any) -> str | None:
        if isinstance(raw, (staticmethod, classmethod, *_ROUTINE_TYPES)):
            return "method"
        if inspect.isclass(raw):
            return None  # nested classes are reached as classes in their own right
        is_property = (
            isinstance(raw, property)
            or inspect.isgetsetdescriptor(raw)
            or inspect.ismemberdescriptor(raw)
            or type(raw).__name__ == "property"  # Boost.Python's property type
        )
        try:
            value = getattr(cls, name)
        except Exception:
            return "property" if is_property else None
        # a descriptor that hands back a callable on class access is a method
        # (astropy's ``Table.read`` is a property subclass that does exactly that)
        is_callable = callable(value) and not inspect.isclass(value)
        is_descriptor = (
            isinstance(value, property)
            or inspect.isgetsetdescriptor(value)
            or inspect.ismemberdescriptor(value)
        )
        if is_callable and not is_descriptor:
            return "method"
        return "property" if is_property else None

    # ----------------------------------------------------------------- records
    def records(self) -> list[ApiRecord]:
        out: list[ApiRecord] = []
        for entry in self.entries.values():
            rec = self._record(entry)
            if rec is not None:
                out.append(rec)
        out.sort(key=lambda r: r.qualname)
        return out

    def _choose_qualname(self, entry: dict[str, Any]) -> tuple[str, Naming]:
        """The identity (home path when public), and the ranked public paths."""
        home: str = entry["home"]
        paths: set[str] = set(entry["paths"])
        facts = PathFacts(
            exported=set(entry["exported"]),
            own=set(entry.get("own_paths", ())),
            via_class=set(entry.get("class_paths", ())),
            forwarded=set(entry.get("forwarded", ())),
        )
        public = sorted(p for p in paths if not _is_private(p))
        if not _is_private(home) and (home in paths or entry["kind"] != "module"):
            qualname = home
        elif public:
            qualname = min(public, key=facts.key)
        else:
            qualname = home
        return qualname, name_paths(qualname, paths, facts)

    def _record(self, entry: dict[str, Any]) -> ApiRecord | None:
        qualname, naming = self._choose_qualname(entry)
        if _is_private(qualname) or not self.lib.wants_name(qualname):
            return None
        kind = entry["kind"]
        obj = entry["obj"]
        name = qualname.rsplit(".", 1)[-1]
        if kind == "attribute":
            return self._attribute_record(entry, qualname, naming)
        raw_doc = self._doc(entry)
        signatures: list[Signature] = []
        prose = raw_doc
        if kind in {"function", "method", "class"}:
            signatures, prose = self._signatures(entry, name, raw_doc)
        module = qualname if kind == "module" else qualname.rsplit(".", 1)[0]
        deprecated = ds.is_deprecated(raw_doc) or bool(getattr(obj, "__deprecated__", False))
        deprecated = deprecated or any(
            module == m or module.startswith(m + ".") for m in self.deprecated_modules
        )
        return ApiRecord(
            qualname=qualname,
            kind=kind,
            library=self.spec.library,
            version=self.spec.version,
            path=naming.path,
            aliases=naming.aliases,
            more_aliases=naming.more_aliases,
            signatures=signatures,
            summary=ds.summary(prose),
            doc=ds.clean_doc(prose)[:_MAX_DOC],
            examples=ds.examples(raw_doc),
            deprecated=deprecated,
            domain=self.spec.domain,
        )

    def _attribute_record(self, entry: dict[str, Any], qualname: str, naming: Naming) -> ApiRecord:
        cls = entry["instance_of"]
        text = _short_repr(entry["obj"], limit=240)
        return ApiRecord(
            qualname=qualname,
            kind="attribute",
            library=self.spec.library,
            version=self.spec.version,
            path=naming.path,
            aliases=naming.aliases,
            more_aliases=naming.more_aliases,
            summary=f"{qualname.rsplit('.', 1)[-1]}: a {cls.__name__} instance, {text}",
            domain=self.spec.domain,
        )

    def _doc(self, entry: dict[str, Any]) -> str:
        obj = entry["obj"]
        if entry["kind"] in {"method", "property"} and entry.get("bound") is not None:
            name = entry["home"].rsplit(".", 1)[-1]
            try:
                value = getattr(entry["bound"], name)
                doc = getattr(value, "__doc__", None)
                if isinstance(doc, str) and doc.strip():
                    return doc
            except Exception:
                pass
        raw = obj.__func__ if isinstance(obj, staticmethod | classmethod) else obj
        doc = getattr(raw, "__doc__", None)
        if entry["kind"] == "property" and isinstance(raw, property) and raw.fget is not None:
            doc = raw.fget.__doc__ or doc
        return doc if isinstance(doc, str) else ""

    # -------------------------------------------------------------- signatures
    def _signatures(
        self, entry: dict[str, Any], name: str, doc: str
    ) -> tuple[list[Signature], str]:
        obj = entry["obj"]
        kind = entry["kind"]
        is_method = kind == "method" and not isinstance(obj, staticmethod)
        target = obj
        if kind == "class":
            special = self._class_signature(obj)
            if special is not None:
                return [special], doc
            init_doc = getattr(getattr(obj, "__init__", None), "__doc__", None) or ""
            if ds.looks_like_boost("__init__", init_doc):
                parsed = ds.parse_boost("__init__", init_doc, drop_self=True)
                return parsed.signatures, doc or parsed.prose
        if kind == "method" and entry.get("bound") is not None:
            try:
                target = getattr(entry["bound"], name)
            except Exception:
                target = obj
        if ds.looks_like_boost(name, doc):
            parsed = ds.parse_boost(name, doc, drop_self=is_method)
            return parsed.signatures, parsed.prose
        sig = self._inspect_signature(target, drop_self=is_method and target is obj)
        if sig is not None and not ds.is_varargs_only(sig.params):
            merged = self._merge_numpydoc(sig, doc)
            if merged is not None:
                return [merged], doc
            self._attach_descriptions(sig, doc)
            return [sig], doc
        first = ds.parse_firstline(name, doc)
        if first is not None:
            return [first], doc
        forwarded = self._forwarded(obj)
        if forwarded is not None:
            return [forwarded], doc
        params = ds.parse_numpydoc_params(doc)
        if params:
            ret = ds.numpydoc_returns(doc)
            text = ds.render(params, ret)
            return [Signature(text=text, params=params, returns=ret, source="numpydoc")], doc
        if sig is not None:  # honest: (*args, **kwargs) is all there is
            sig.source = "none"
            return [sig], doc
        return [], doc

    def _class_signature(self, cls: type) -> Signature | None:
        """Constructors that no signature machinery describes truthfully."""
        init_doc = getattr(getattr(cls, "__init__", None), "__doc__", None) or ""
        if ds.NOINIT_MARKER in init_doc:
            return Signature(text="()", source="noinit")
        mro_names = [k.__name__ for k in cls.__mro__]
        if "enum" in mro_names and int in cls.__mro__:  # Boost.Python enum
            params = [Param(name="value", kind="POSITIONAL_ONLY", annotation="int")]
            return Signature(text=ds.render(params), params=params, source="inspect")
        if issubclass(cls, BaseException):
            own_init = next((k for k in cls.__mro__ if "__init__" in vars(k)), BaseException)
            if not self._ours(own_init):  # BaseException's own (*args)
                params = [Param(name="args", kind="VAR_POSITIONAL")]
                return Signature(text=ds.render(params), params=params, source="inspect")
        return None

    def _merge_numpydoc(self, sig: Signature, doc: str) -> Signature | None:
        """``(*args, copy=True, **kwargs)`` plus documented parameters: the union.

        Astropy's frames and several readers accept documented keywords through
        ``*args/**kwargs``; the documentation is then the better signature.
        """
        has_var = any(p.kind in {"VAR_POSITIONAL", "VAR_KEYWORD"} for p in sig.params)
        if not has_var or "Parameters" not in doc:
            return None
        documented = ds.parse_numpydoc_params(doc)
        explicit = {p.name for p in sig.params}
        # the signature's own *args/**kwargs stay; documented ones (``**keyword_args``) would repeat them
        extra = [
            p
            for p in documented
            if p.name not in explicit and p.kind not in {"VAR_POSITIONAL", "VAR_KEYWORD"}
        ]
        if not extra:
            return None
        fixed = [p for p in sig.params if p.kind not in {"VAR_POSITIONAL", "VAR_KEYWORD"}]
        varkw = [p for p in sig.params if p.kind == "VAR_KEYWORD"]
        params = [*extra, *fixed, *varkw]
        return Signature(
            text=ds.render(params, sig.returns),
            params=params,
            returns=sig.returns,
            source="numpydoc",
        )

    def _inspect_signature(self, obj: Any, *, drop_self: bool) -> Signature | None:
        try:
            sig = inspect.signature(obj)
        except (TypeError, ValueError):
            return None
        except Exception:
            return None
        params: list[Param] = []
        for i, p in enumerate(sig.parameters.values()):
            if i == 0 and drop_self and p.name in {"self", "cls"}:
                continue
            ann = None if p.annotation is inspect.Parameter.empty else _annotation(p.annotation)
            has_default = p.default is not inspect.Parameter.empty
            params.append(
                Param(
                    name=p.name,
                    kind=p.kind.name,
                    annotation=ann,
                    default=_short_repr(p.default) if has_default else None,
                    has_default=has_default,
                )
            )
        ret = None
        if sig.return_annotation is not inspect.Signature.empty:
            ret = _annotation(sig.return_annotation)
        return Signature(text=ds.render(params, ret), params=params, returns=ret, source="inspect")

    def _attach_descriptions(self, sig: Signature, doc: str) -> None:
        if "Parameters" not in doc:
            return
        documented = {p.name: p for p in ds.parse_numpydoc_params(doc)}
        for p in sig.params:
            d = documented.get(p.name)
            if d is not None:
                p.description = d.description
                if p.annotation is None and d.annotation:
                    p.annotation = d.annotation

    def _forwarded(self, obj: Any) -> Signature | None:
        """``lambda *x, **y: _impl(*x, **y)``: take the signature of ``_impl``."""
        if not isinstance(obj, types.FunctionType):
            return None
        try:
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            return None
        m = re.search(r"([A-Za-z_][\w.]*)\(\s*\*\w+\s*,\s*\*\*\w+\s*\)", source)
        if not m:
            return None
        target: Any = obj.__globals__
        for i, part in enumerate(m.group(1).split(".")):
            target = target.get(part) if i == 0 else getattr(target, part, None)
            if target is None:
                return None
        tname = getattr(target, "__name__", "")
        tdoc = getattr(target, "__doc__", "") or ""
        if ds.looks_like_boost(tname, tdoc):
            sigs = ds.parse_boost(tname, tdoc).signatures
            return sigs[0] if sigs else None
        sig = self._inspect_signature(target, drop_self=False)
        return sig if sig is not None and not ds.is_varargs_only(sig.params) else None


_FORWARD_REF = re.compile(r"ForwardRef\((['\"])([\w.]+)\1[^)]*\)")


def _annotation(ann: Any) -> str:
    """An annotation as code writes it: ``ForwardRef('SkyCoord')`` is ``SkyCoord``."""
    if isinstance(ann, str):
        return ann
    text = _FORWARD_REF.sub(r"\2", inspect.formatannotation(ann))
    return text[:80]


def _short_repr(value: Any, limit: int = 60) -> str:
    try:
        text = " ".join(repr(value).split())
    except Exception:
        text = f"<{type(value).__name__}>"
    if len(text) > limit or re.search(r" at 0x[0-9a-f]+>", text):
        text = f"<{type(value).__name__}>"
    return text


def walk(spec: WalkSpec) -> dict[str, Any]:
    """Import, collect and describe; returns a JSON-safe payload."""
    start = time.perf_counter()
    walker = Walker(spec)
    walker.import_all()
    if spec.import_name not in walker.modules:
        failure = walker.failures[0]["error"] if walker.failures else "unknown error"
        raise SystemExit(f"cannot import {spec.import_name}: {failure}")
    # Touching deprecated attributes warns; astropy's warning hook walks the stack
    # with pathlib on every warning (15 s of a 20 s walk).  Deprecation is read
    # from imports and docstrings instead, so warnings are ignored from here on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        walker.collect()
        walker.collect_members()
        walker.collect_forwarded()
        records = walker.records()
    return {
        "library": spec.library,
        "version": spec.version,
        "modules": len(walker.modules),
        "failures": walker.failures,
        "records": [r.to_dict() for r in records],
        "elapsed_s": round(time.perf_counter() - start, 3),
    }


def _quiet_environment(import_name: str) -> None:
    """Stop libraries from reaching the network or a display while imported."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if import_name == "astropy":  # it would try to download IERS tables on some imports
        try:
            from astropy.utils import iers

            iers.conf.auto_download = False
        except Exception:
            pass


def main(argv: list[str]) -> int:
    spec = WalkSpec(**json.loads(argv[0]))
    _quiet_environment(spec.import_name)
    payload = walk(spec)
    tmp = argv[1] + ".part"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
    os.replace(tmp, argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
