"""Typed kiosk settings (see :mod:`kiosk.config.sections`, where every option is declared once).

- :mod:`kiosk.config.options` - how an option is declared and checked, and :class:`ConfigError`;
- :mod:`kiosk.config.sections` - the sections, :class:`Config` and :data:`OPTIONS`;
- :mod:`kiosk.config.loading` - :func:`load` and :func:`parse`, with a message per problem.
"""

from kiosk.config.loading import defaults, load, parse
from kiosk.config.options import IN_CODE, ConfigError, Option, OptionValue, Section, option
from kiosk.config.sections import OPTIONS, OPTIONS_BY_KEY, SECTIONS, Config

__all__ = [
    "IN_CODE",
    "OPTIONS",
    "OPTIONS_BY_KEY",
    "SECTIONS",
    "Config",
    "ConfigError",
    "Option",
    "OptionValue",
    "Section",
    "defaults",
    "load",
    "option",
    "parse",
]
