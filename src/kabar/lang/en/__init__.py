"""English language data (speech cues for quotes), read through importlib.resources."""
