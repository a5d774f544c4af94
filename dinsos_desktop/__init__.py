"""Dinsos Desktop: the front office of a city social affairs office."""

APP_NAME = "Dinsos Desktop"
APP_ORGANIZATION = "Dinsos Desktop"
__version__ = "0.1.0"
