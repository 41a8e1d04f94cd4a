"""`Record`: an immutable tuple of named fields, declared as a class body like typing.NamedTuple.

    class Refund(Record):
        amount: Decimal
        method: str | None = None

gives what a NamedTuple gives (fields by name and position, defaults, `_replace`, `_fields`,
`_field_defaults`, `_asdict`, `_make`, equality and hashing as tuples, pickling), at an eighth
of the cost to define: every command's start defines some fifty record classes, and
typing.NamedTuple compiled code for each of them (~0.1-0.3 ms apiece: more than a third of
aliorder's own start-up). Here a call binds its arguments in Python until a class has been
built a few dozen times; only then is its constructor compiled (as namedtuple's is), so the
records a run builds a few of cost no compiling at all.
"""

from __future__ import annotations

from typing import Any, dataclass_transform

try:
    from _collections import _tuplegetter as _field  # what collections.namedtuple uses
except ImportError:  # another Python: the same, a little slower to read
    from operator import itemgetter

    def _field(index: int, doc: str | None) -> Any:  # type: ignore[misc]
        return property(itemgetter(index), doc=doc)


class _Declared(type):
    """Turns a Record's annotated names into its fields (read-only, by position)."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if any(isinstance(base, _Declared) and base._fields for base in bases):
            # A class made from a record class keeps its fields (as with typing.NamedTuple).
            if ns.get("__annotations__"):
                raise TypeError(f"{name}: a class made from a record class cannot add fields")
            ns["__slots__"] = ()
        elif bases != (tuple,):  # a record class, not Record itself
            fields = _annotated(ns)
            defaults: dict[str, Any] = {}
            for field in fields:
                if field in ns:
                    defaults[field] = ns.pop(field)
                elif defaults:
                    raise TypeError(f"{name}: field {field!r} without a default follows one with a default")
            for index, field in enumerate(fields):
                ns[field] = _field(index, None)
            ns.update(__slots__=(), _fields=fields, _field_defaults=defaults, __match_args__=fields,
                      _bound_calls=0)
        return super().__new__(mcls, name, bases, ns)


def _annotated(ns: dict[str, Any]) -> tuple[str, ...]:
    """The names a class body annotates, in order. From Python 3.14 a module without
    `from __future__ import annotations` keeps them behind `__annotate__` (PEP 649)."""
    if "__annotations__" in ns:
        return tuple(ns["__annotations__"])
    try:
        import annotationlib  # type: ignore[import-not-found]
    except ImportError:
        return ()
    annotate = annotationlib.get_annotate_from_class_namespace(ns)
    if annotate is None:
        return ()
    return tuple(annotationlib.call_annotate_function(annotate, annotationlib.Format.FORWARDREF))


@dataclass_transform(frozen_default=True)
class Record(tuple, metaclass=_Declared):  # type: ignore[type-arg]
    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _field_defaults: dict[str, Any] = {}

    _bound_calls = 0
    COMPILED_AFTER = 32  # calls: binding in Python costs ~2 us a call, compiling ~60 us once

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and len(args) == len(cls._fields):  # every field given, in order
            return tuple.__new__(cls, args)
        cls._bound_calls += 1
        if cls._bound_calls > cls.COMPILED_AFTER:
            return cls._constructor()(cls, *args, **kwargs)
        return tuple.__new__(cls, cls._bound(args, kwargs))

    @classmethod
    def _bound(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """The fields' values from a call, or the TypeError the compiled constructor raises."""
        fields, name = cls._fields, cls.__name__
        if len(args) > len(fields):
            raise TypeError(f"{name}() takes {len(fields)} arguments but {len(args)} were given")
        for field in fields[:len(args)]:
            if field in kwargs:
                raise TypeError(f"{name}() got multiple values for argument {field!r}")
        values = list(args)
        defaults = cls._field_defaults
        used = 0
        for field in fields[len(args):]:
            if field in kwargs:
                values.append(kwargs[field])
                used += 1
            elif field in defaults:
                values.append(defaults[field])
            else:
                raise TypeError(f"{name}() missing required argument {field!r}")
        if used < len(kwargs):
            unexpected = next(key for key in kwargs if key not in fields)
            raise TypeError(f"{name}() got an unexpected keyword argument {unexpected!r}")
        return values

    @classmethod
    def _constructor(cls) -> Any:
        """The class's own `__new__`, compiled as collections.namedtuple compiles it (calls,
        defaults and wrong arguments behave as `_bound` does), and set on the class."""
        fields = cls._fields
        arguments = ", ".join(fields)
        new = eval(f"lambda _cls, {arguments}: _tuple_new(_cls, ({arguments}{',' if fields else ''}))",
                   {"_tuple_new": tuple.__new__, "__builtins__": {}}) if fields else \
            (lambda _cls: tuple.__new__(_cls, ()))
        new.__name__ = "__new__"
        new.__qualname__ = f"{cls.__qualname__}.__new__"
        new.__defaults__ = tuple(cls._field_defaults.values()) or None
        cls.__new__ = staticmethod(new)  # type: ignore[method-assign,assignment]
        return new

    @classmethod
    def _make(cls, values: Any) -> Any:
        made = tuple.__new__(cls, values)
        if len(made) != len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} values, not {len(made)}")
        return made

    def _replace(self, **changes: Any) -> Any:
        values = list(self)
        for field, value in changes.items():
            try:
                values[self._fields.index(field)] = value
            except ValueError:
                raise ValueError(f"{type(self).__name__} has no field {field!r}") from None
        return tuple.__new__(type(self), values)

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={v!r}' for f, v in zip(self._fields, self))})"

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)
