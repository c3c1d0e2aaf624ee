"""cyberpatrol — counter-fraud cyber patrol toolkit."""
__version__ = "0.1.0"
