"""Core: raw documents become clean articles (boilerplate, datelines, dates, language)."""
