"""aliorder: a command-line buyer assistant for AliExpress orders."""

from __future__ import annotations

from typing import Any, Callable

__version__ = "0.1.0"


def lazy_exports(namespace: dict[str, Any], modules: dict[str, tuple[str, ...]]
                 ) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """(`__all__`, `__getattr__`, `__dir__`) for a package whose public names live in its
    submodules (`modules`: submodule -> its names): each submodule is imported when one of
    its names is first used, and the name kept in the package's `namespace` (its globals()).
    Here, not in a module of its own: every command imports this package anyway."""
    where = {name: module for module, names in modules.items() for name in names}
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(where))

    return sorted(where), __getattr__, __dir__
