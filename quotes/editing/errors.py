class EditError(Exception):
    """An editor's change that cannot be made; the message is shown to the editor."""


class EditInvalid(EditError):
    """The request itself is wrong (API: 400)."""


class EditConflict(EditError):
    """The data changed under the editor, e.g. another editor merged the same
    quote a moment earlier (API: 409)."""
