"""`{{ work.abstract|math }}`: LaTeX fragments as sanitized MathML (profiles/mathtext.py)."""

from django import template

from profiles.mathtext import plain_text, render_math

register = template.Library()
register.filter("math", render_math, is_safe=True)
register.filter("plain_math", plain_text)
