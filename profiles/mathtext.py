"""LaTeX fragments in titles and abstracts: MathML for pages, plain text for the API.

Sources print math the way arXiv does: `$\\underline{E}$fficient`, `up to $1.35\\times$`,
`0.58\\%` (a text-mode escape outside math). `render_math(text)` escapes the text, turns the
text-mode escapes into their characters and each math fragment (`$...$`, `$$...$$`,
`\\(...\\)`, `\\[...\\]`) into MathML with latex2mathml, which current browsers display
natively. The converter's output then goes through nh3 with an allow-list of presentation
MathML (no links, styles or colours), so only the converter can bring tags, and only those.
A fragment the converter cannot read is shown as its plain text instead.

`plain_text(text)` is the readable form without markup: "ESA, an Efficient Switch",
"up to 1.35×", "0.58%".
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mpadded",
    "mphantom", "menclose", "mtable", "mtr", "mtd", "mmultiscripts", "mprescripts", "none",
}  # fmt: skip
MATHML_ATTRIBUTES = {
    "math": {"display", "xmlns"},
    "mo": {"accent", "fence", "stretchy", "separator", "lspace", "rspace", "form", "movablelimits"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "mfrac": {"linethickness"},
    "mspace": {"width"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mi": {"mathvariant"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign"},
    "menclose": {"notation"},
}
MAX_FRAGMENT_CHARS = 2000

# Math: $$...$$, $...$ (not an escaped \$), \[...\], \(...\).
_MATH = re.compile(
    r"\$\$(?P<dd>.+?)\$\$|(?<!\\)\$(?P<d>[^$]+?)(?<!\\)\$|\\\[(?P<b>.+?)\\\]|\\\((?P<p>.+?)\\\)",
    re.DOTALL,
)
_TEXT_ESCAPES = {r"\%": "%", r"\&": "&", r"\_": "_", r"\#": "#", r"\$": "$"}
_TEXT_ESCAPE = re.compile(r"\\[%&_#$]")

SYMBOLS = {
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "equiv": "≡",
    "infty": "∞", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
    "sum": "∑", "prod": "∏", "int": "∫", "partial": "∂", "nabla": "∇", "forall": "∀",
    "exists": "∃", "ldots": "…", "cdots": "⋯", "dots": "…", "circ": "∘", "prime": "′",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
    "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
    "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "%": "%", "&": "&", "_": "_", "#": "#", "$": "$",
    ",": " ", ";": " ", "quad": " ", "qquad": " ", "{": "{", "}": "}",
}  # fmt: skip
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([A-Za-z]+|[%&_#$,;{}])")


def latex_to_text(fragment: str) -> str:
    """Readable text of a LaTeX fragment: `\\underline{E}` -> "E", `1.35\\times` -> "1.35×",
    `\\frac{a}{b}` -> "a/b". Formatting commands go, their arguments stay."""
    text = _FRAC.sub(r"\1/\2", fragment)
    text = _SQRT.sub(r"√(\1)", text)
    text = _COMMAND.sub(lambda m: SYMBOLS.get(m.group(1), ""), text)
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip() if "\n" in text else text.strip()


def _text_part(text: str) -> str:
    return _TEXT_ESCAPE.sub(lambda m: _TEXT_ESCAPES[m.group(0)], text)


def _fragment(match: re.Match[str]) -> tuple[str, bool]:
    display = match.group("dd") is not None or match.group("b") is not None
    body = next(g for g in match.group("dd", "d", "b", "p") if g is not None)
    return body, display


@lru_cache(maxsize=4096)
def _mathml(fragment: str, display: bool) -> str:
    """Sanitized MathML of one fragment, or its escaped plain text when it cannot be read."""
    from latex2mathml.converter import convert

    if len(fragment) > MAX_FRAGMENT_CHARS:
        return escape(latex_to_text(fragment))
    try:
        markup = convert(fragment, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any parse failure falls back to readable text
        return escape(latex_to_text(fragment))
    clean = nh3.clean(markup, tags=MATHML_TAGS, attributes=MATHML_ATTRIBUTES, url_schemes=set())
    return clean if "<math" in clean else escape(latex_to_text(fragment))


def render_math(text: str) -> SafeString:
    """Escaped text with its math fragments as sanitized MathML."""
    out: list[str] = []
    cursor = 0
    for match in _MATH.finditer(text or ""):
        out.append(escape(_text_part(text[cursor : match.start()])))
        body, display = _fragment(match)
        out.append(_mathml(body, display))
        cursor = match.end()
    out.append(escape(_text_part((text or "")[cursor:])))
    return mark_safe("".join(out))  # noqa: S308 - text escaped; MathML cleaned by nh3 above


def plain_text(text: str) -> str:
    """The text without LaTeX: math fragments and text escapes as readable characters."""
    out: list[str] = []
    cursor = 0
    for match in _MATH.finditer(text or ""):
        out.append(_text_part(text[cursor : match.start()]))
        out.append(latex_to_text(_fragment(match)[0]))
        cursor = match.end()
    out.append(_text_part((text or "")[cursor:]))
    return "".join(out)
