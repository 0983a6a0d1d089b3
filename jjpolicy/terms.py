"""Symbols to and from clingo, through its C API: facts made once, a model's symbols read once.

clingo's Python API reads a symbol through a wrapper object and a C call per attribute (a few µs each),
and a chunk's model has tens of thousands of shown atoms whose arguments repeat (an item, a year, a
candidate c(Item, Year, Basis) appears in many atoms). A Reader reads each distinct symbol of a model
from clingo's C API once, by its representation: clingo symbols are unique (equal symbols have equal
representations, and a symbol lives as long as the process), so the representation is a safe key.
A Term is a plain value; Term.func builds one in Python (for keys the builder makes itself).

The other way, facts are handed to clingo as symbols through the backend, not as text to parse (which
took longer than grounding them): a Maker makes each distinct value's symbol once.
"""

from __future__ import annotations

import clingo
from clingo._internal import _ffi, _lib  # the C API under clingo's Python API; clingo is pinned in pyproject

NUMBER, STRING, FUNCTION = "number", "string", "function"
_C_NUMBER, _C_STRING = _lib.clingo_symbol_type_number, _lib.clingo_symbol_type_string


class Term:
    """`plain` is the string of a string, the name of a function or constant (what a field typed `str` of
    a record reads, atoms.py)."""

    __slots__ = ("kind", "name", "arguments", "number", "string", "plain", "_text", "_order")

    def __init__(self, kind: str, name: str = "", arguments: tuple[Term, ...] = (), number: int = 0, string: str = ""):
        self.kind, self.name, self.arguments, self.number, self.string = kind, name, arguments, number, string
        self.plain = string if kind == STRING else name
        self._text = self._order = None

    @classmethod
    def func(cls, name: str, arguments) -> Term:
        return cls(FUNCTION, name, tuple(arguments))

    @classmethod
    def num(cls, n: int) -> Term:
        return cls(NUMBER, number=n)

    def __str__(self) -> str:
        if self._text is None:
            if self.kind == NUMBER:
                self._text = str(self.number)
            elif self.kind == STRING:
                self._text = str(clingo.String(self.string))
            else:
                args = ",".join(str(a) for a in self.arguments)
                self._text = f"{self.name}({args})" if self.arguments else self.name
        return self._text

    def __repr__(self) -> str:
        return str(self)

    def __eq__(self, other) -> bool:
        return isinstance(other, Term) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class _Sup:
    """#sup, above every integer (another policy's payment past 32 bits, aspfacts.py)."""

    def __repr__(self) -> str:
        return "#sup"


SUP = _Sup()


class Maker:
    """Symbols of Python values: a tuple is a function, its name first (a constant is a tuple of its name
    alone), a str a string, an int a number (32-bit), SUP #sup."""

    MAX_ARITY = 16  # of a fact; a nested term may have any

    def __init__(self):
        self.memo: dict[object, int] = {}
        self._names: dict[str, bytes] = {}
        self._out = _ffi.new("clingo_symbol_t*")
        self._fact_args = _ffi.new("clingo_symbol_t[]", self.MAX_ARITY)

    def _name(self, name: str) -> bytes:
        encoded = self._names.get(name)
        if encoded is None:
            encoded = self._names[name] = name.encode()
        return encoded

    def symbol(self, value) -> int:
        rep = self.memo.get(value)
        if rep is None:
            out = self._out
            if isinstance(value, tuple):
                args = [self.symbol(a) for a in value[1:]]
                array = _ffi.new("clingo_symbol_t[]", args) if args else _ffi.NULL
                _check(_lib.clingo_symbol_create_function(self._name(value[0]), array, len(args), True, out))
            elif isinstance(value, str):
                _check(_lib.clingo_symbol_create_string(value.encode(), out))
            elif value is SUP:
                _lib.clingo_symbol_create_supremum(out)
            elif isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31:
                _lib.clingo_symbol_create_number(value, out)
            else:
                raise ValueError(f"no clingo symbol for {value!r}")
            rep = self.memo[value] = out[0]
        return rep

    def add_facts(self, ctl: clingo.Control, facts) -> None:
        """The facts, each a value as above, added to the control's ground program before grounding: the
        grounder takes them as facts, as if they were in the program's text."""
        # The hot loop of a chunk's facts: a fact is unique, its arguments mostly made already (memo), so
        # each fact is made here, in an array of its own, without the recursion of symbol().
        memo, symbol, name, args, out = self.memo, self.symbol, self._name, self._fact_args, self._out
        atom = _ffi.new("clingo_atom_t*")
        with ctl.backend() as backend:
            b = backend._rep
            for fact in facts:
                n = len(fact) - 1
                if n > self.MAX_ARITY:
                    raise ValueError(f"a fact of {n} arguments: at most {self.MAX_ARITY}")
                for i in range(n):
                    a = fact[i + 1]
                    rep = memo.get(a)
                    args[i] = rep if rep is not None else symbol(a)
                if not (
                    _lib.clingo_symbol_create_function(name(fact[0]), args, n, True, out)
                    and _lib.clingo_backend_add_atom(b, out, atom)
                    and _lib.clingo_backend_rule(b, False, atom, 1, _ffi.NULL, 0)
                ):
                    _check(False)


class Reader:
    """The Terms of one model's symbols, each distinct symbol read from C once."""

    def __init__(self):
        self.memo: dict[int, Term] = {}
        self._int = _ffi.new("int*")
        self._chr = _ffi.new("char**")
        self._args = _ffi.new("clingo_symbol_t**")
        self._size = _ffi.new("size_t*")

    @staticmethod
    def shown(model: clingo.Model) -> list[int]:
        """The representations of a model's shown symbols (valid after the model is gone)."""
        show = _lib.clingo_show_type_shown
        size = _ffi.new("size_t*")
        _check(_lib.clingo_model_symbols_size(model._rep, show, size))
        if not size[0]:
            return []
        out = _ffi.new("clingo_symbol_t[]", size[0])
        _check(_lib.clingo_model_symbols(model._rep, show, out, size[0]))
        return _ffi.unpack(out, size[0])

    def name(self, rep: int) -> str:
        return self.name_bytes(rep).decode()

    def name_bytes(self, rep: int) -> bytes:
        _check(_lib.clingo_symbol_name(rep, self._chr))
        return _ffi.string(self._chr[0])

    def arguments(self, rep: int) -> list[int]:
        _check(_lib.clingo_symbol_arguments(rep, self._args, self._size))
        return _ffi.unpack(self._args[0], self._size[0]) if self._size[0] else []

    def term(self, rep: int) -> Term:
        t = self.memo.get(rep)
        if t is None:
            kind = _lib.clingo_symbol_type(rep)
            if kind == _C_NUMBER:
                _check(_lib.clingo_symbol_number(rep, self._int))
                t = Term(NUMBER, number=self._int[0])
            elif kind == _C_STRING:
                _check(_lib.clingo_symbol_string(rep, self._chr))
                t = Term(STRING, string=_ffi.string(self._chr[0]).decode())
            else:
                t = Term(FUNCTION, self.name(rep), tuple(self.term(a) for a in self.arguments(rep)))
            self.memo[rep] = t
        return t


def _check(ok: bool) -> None:
    if not ok:
        raise RuntimeError(_ffi.string(_lib.clingo_error_message()).decode())


def text(term: Term) -> str:
    """A term as the policy's data names it: a string's characters, anything else as written in ASP."""
    return term.string if term.kind == STRING else str(term)


def order_key(term: Term) -> tuple:
    """A sort key for terms of one subject that does not depend on where the subject stands in its chunk.

    Events are numbered across a chunk in the order of their ids (aspfacts.py), so within one subject
    integer order is event id order, whatever the offset; compared as text, `ev(12)` would sort before
    `ev(9)` and the order would move with the subject's position. Numbers are compared as numbers,
    strings as strings, functions by name and then arguments.
    """
    if term._order is None:  # the builder sorts the same terms many times: computed once
        if term.kind == NUMBER:
            term._order = (0, term.number)
        elif term.kind == STRING:
            term._order = (1, term.string)
        else:
            term._order = (2, term.name, tuple(order_key(a) for a in term.arguments))
    return term._order
