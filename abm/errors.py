"""The one exception type for bad user input (scenario files, CLI options, folders)."""


class InputError(Exception):
    """Bad input from a user: the message names the file, the field and what is allowed.

    The CLI prints the message on one line of stderr and exits with status 2.
    """
