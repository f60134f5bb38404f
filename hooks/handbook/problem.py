"""One problem found in a source file, reported as `<file>:<line>: <message>` by hooks and `make lint`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    @classmethod
    def parse(cls, text):
        """A Problem from the `<file>:<line>: <message>` strings older validators return."""
        file, _, rest = text.partition(":")
        line, _, message = rest.partition(": ")
        if line.isdigit():
            return cls(file, int(line), message)
        return cls(file, 0, rest.lstrip(" "))
