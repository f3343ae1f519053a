"""The cryptography of BAC, PACE and secure messaging; the virtual card uses it too."""
