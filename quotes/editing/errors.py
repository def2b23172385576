class EditError(Exception):
    """An editor's change that cannot be made; the message is shown to the editor."""


class EditInvalid(EditError):
    """The request itself is wrong (API: 400)."""


class EditConflict(EditError):
    """The data changed under the editor, e.g. another editor merged the same
    quote a moment earlier (API: 409)."""


DEADLOCK = "40P01"  # PostgreSQL's deadlock_detected


def deadlock_as_conflict(exc: Exception) -> EditConflict | None:
    """PostgreSQL ended this edit's transaction to break a deadlock with a
    worker linking the same quotes (the worker retries its task): nothing was
    written, and the editor can simply try again."""
    cause = getattr(exc, "__cause__", None)
    if getattr(cause, "sqlstate", None) == DEADLOCK:
        return EditConflict("These quotes were being updated at the same moment; nothing was changed. Try again.")
    return None
