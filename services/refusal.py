"""A refusal the person is told about, raised by a service and shown by the dialog that called it."""

from __future__ import annotations


class Refusal(Exception):
    """`key` is a Fluent message id, `args_` its arguments; nothing was changed."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args
