"""Symbols of the model, read once.

Reading a clingo Symbol's attributes crosses into C on every access (about 10 µs each), and the result
builder reads the same ones many times. A Term reads each attribute of its symbol the first time it is
asked for and keeps it; Term.func builds one in Python (for keys the builder makes itself).
"""

from __future__ import annotations

import clingo

NUMBER, STRING, FUNCTION = "number", "string", "function"
_KIND = {clingo.SymbolType.Number: NUMBER, clingo.SymbolType.String: STRING, clingo.SymbolType.Function: FUNCTION}


class Term:
    __slots__ = ("_sym", "_kind", "_name", "_args", "_number", "_string", "_text", "_order")

    def __init__(self, sym: clingo.Symbol | None = None):
        self._sym = sym
        self._kind = self._name = self._args = self._number = self._string = self._text = self._order = None

    @classmethod
    def func(cls, name: str, arguments) -> Term:
        t = cls()
        t._kind, t._name, t._args = FUNCTION, name, tuple(arguments)
        return t

    @classmethod
    def num(cls, n: int) -> Term:
        t = cls()
        t._kind, t._name, t._args, t._number = NUMBER, "", (), n
        t._text = str(n)
        return t

    @property
    def kind(self) -> str:
        if self._kind is None:
            self._kind = _KIND.get(self._sym.type, FUNCTION)
        return self._kind

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = self._sym.name if self.kind == FUNCTION else ""
        return self._name

    @property
    def arguments(self) -> tuple[Term, ...]:
        if self._args is None:
            self._args = tuple(Term(a) for a in self._sym.arguments) if self.kind == FUNCTION else ()
        return self._args

    @property
    def number(self) -> int:
        if self._number is None:
            self._number = self._sym.number
        return self._number

    @property
    def string(self) -> str:
        if self._string is None:
            self._string = self._sym.string
        return self._string

    def __str__(self) -> str:
        if self._text is None:
            if self._sym is not None:
                self._text = str(self._sym)
            else:
                self._text = f"{self._name}({','.join(str(a) for a in self._args)})" if self._args else self._name
        return self._text

    def __repr__(self) -> str:
        return str(self)

    def __eq__(self, other) -> bool:
        return isinstance(other, Term) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


def from_symbol(sym: clingo.Symbol) -> Term:
    return Term(sym)


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
