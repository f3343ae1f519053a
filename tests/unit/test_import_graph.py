"""The package graph, whiteboard-style: which top-level package may import which.

Every import counts: ``import``/``from`` statements anywhere in a module (inside functions
too), ``importlib.import_module("x")`` and ``__import__("x")`` with a string literal, and a
``"-m", "x"`` pair in a list or tuple (a child process started by module name), and any string
that is exactly the dotted name of one of our modules (a registry of modules to import later).
The engine's
packages (``kiosk.card``, ``kiosk.simulators``, ...) must not import each other in a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT = frozenset({"PySide6", "shiboken6"})
OURS = frozenset({"kiosk", "ui", "citybackend", "loopback", "bench", "tests"})

#: package -> the packages of ours (and Qt) it may import; itself always
ALLOWED: dict[str, frozenset[str]] = {
    # the engine: no Qt, no GUI, no backend, no harness
    "kiosk": frozenset(),
    # the reference city API: its own process, nothing of the kiosk
    "citybackend": frozenset(),
    # real services as child processes on loopback (the reference backend, PostgreSQL,
    # pcscd): for demo mode, the tests and bench; no Qt
    "loopback": frozenset({"kiosk", "citybackend"}),
    # the only Qt layer and the ``kiosk`` command
    "ui": frozenset({"kiosk", "loopback"} | QT),
    # figures: the project's code, never the tests'
    "bench": frozenset({"kiosk", "ui", "citybackend", "loopback"} | QT),
    "tests": frozenset(OURS | QT),
}


#: edges against the whiteboard, each with the work that removes it (none left after #15)
KNOWN_EXCEPTIONS: dict[str, frozenset[str]] = {}


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_our_module(name: str) -> bool:
    parts = name.split(".")
    if len(parts) < 2 or parts[0] not in OURS or not all(p.isidentifier() for p in parts):
        return False
    base = ROOT.joinpath(*parts)
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imported_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every static and string import in ``tree``."""
    seen: set[int] = set()  # string nodes already reported as an import
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            target = _literal(node.args[0])
            if name in {"import_module", "__import__"} and target:
                seen.add(id(node.args[0]))
                yield node.lineno, target
        elif isinstance(node, ast.List | ast.Tuple):
            items = [_literal(e) for e in node.elts]
            for flag, target, element in zip(items, items[1:], node.elts[1:], strict=False):
                if flag == "-m" and target:
                    seen.add(id(element))
                    yield node.lineno, target
    for node in ast.walk(tree):
        text = _literal(node)
        if text and id(node) not in seen and _is_our_module(text):
            yield getattr(node, "lineno", 0), text


def _package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def _sources() -> Iterator[Path]:
    for package in ALLOWED:
        yield from sorted((ROOT / package).rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


def test_a_string_import_is_seen() -> None:
    code = (
        "import importlib, subprocess, sys\n"
        "def f():\n"
        "    from ui.startup.app import run\n"
        "    importlib.import_module('ui.printing.qt_printer')\n"
        "    __import__('PySide6.QtCore')\n"
        "    subprocess.run([sys.executable, '-m', 'citybackend.cli', 'serve'])\n"
        "COMMANDS = {'doctor': 'kiosk.commands.doctor', 'note': 'kiosk.no_such_module'}\n"
    )
    assert [n for _, n in imported_names(ast.parse(code))] == [
        "importlib",
        "subprocess",
        "sys",
        "ui.startup.app",
        "ui.printing.qt_printer",
        "PySide6.QtCore",
        "citybackend.cli",
        "kiosk.commands.doctor",
    ]


def test_every_package_imports_only_what_the_whiteboard_allows() -> None:
    offenders = []
    for path in _sources():
        package = _package_of(path)
        allowed = ALLOWED[package] | {package}
        for line, name in imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            top = _top(name)
            excused = KNOWN_EXCEPTIONS.get(str(path.relative_to(ROOT)), frozenset())
            if any(name == e or name.startswith(e + ".") for e in excused):
                continue
            if (top in OURS or top in QT) and top not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offenders == []


#: inside ui/: who may import the start-up package (composition) and loopback's services
UI_STARTUP_IMPORTERS = frozenset({"startup", "walkthrough"})  # the tour signs in with demo PINs
UI_LOOPBACK_IMPORTERS = frozenset({"startup"})


def test_only_the_start_up_package_composes_the_ui() -> None:
    """Screens, widgets and the window get their services; they never build them."""
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        sub = path.relative_to(ROOT / "ui").parts[0]
        for line, name in imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            composes = name == "ui.startup" or name.startswith("ui.startup.")
            if (composes and sub not in UI_STARTUP_IMPORTERS) or (
                _top(name) == "loopback" and sub not in UI_LOOPBACK_IMPORTERS
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offenders == []


def _engine_package(module: str) -> str:
    """``kiosk.card.transport.pcsc`` -> ``kiosk.card``; a loose module is its own node."""
    parts = module.split(".")
    return ".".join(parts[:2])


def _engine_graph() -> dict[str, set[str]]:
    kiosk = ROOT / "kiosk"
    graph: dict[str, set[str]] = {}
    for path in kiosk.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        source = _engine_package(module)
        edges = graph.setdefault(source, set())
        for _, name in imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            if _top(name) == "kiosk" and name != "kiosk":
                target = _engine_package(name)
                if target != source:
                    edges.add(target)
    return graph


def package_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert package_cycles(graph) == [["a", "b", "c"]]


def test_the_engine_packages_form_no_cycle() -> None:
    assert package_cycles(_engine_graph()) == []


def test_the_kiosk_command_starts_without_qt() -> None:
    """``kiosk doctor`` on a kiosk whose display is broken: the command line loads no Qt."""
    code = (
        "import sys\n"
        "from ui.startup.cli import build_parser\n"
        "build_parser(['--help'])\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == ""
