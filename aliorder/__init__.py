"""aliorder: a command-line buyer assistant for AliExpress orders."""

__version__ = "0.1.0"
