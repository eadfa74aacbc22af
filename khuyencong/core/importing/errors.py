"""The bilingual error raised by value parsers."""


class CellError(ValueError):
    """A cell value that cannot be accepted. `vi` and `en` are the two halves of the message.

    `str(error)` is "Vietnamese / English", the form used in every import message.
    """

    def __init__(self, vi, en=None):
        self.vi = vi
        self.en = en or vi
        super().__init__(f"{self.vi} / {self.en}")
