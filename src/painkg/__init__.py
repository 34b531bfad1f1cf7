"""painkg: a knowledge graph of pain-neuroscience concepts with a sentence-level evidence trail."""

__all__ = ["__version__"]

__version__ = "0.1.0"
