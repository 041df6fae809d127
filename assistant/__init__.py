"""articles-assistant: answers questions about news articles, with citations."""

__version__ = "0.1.0"
