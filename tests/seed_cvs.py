"""The seed CVs in tests/data/cvs/ and their owners' names, for the scoring tests."""

from pathlib import Path

CV_DIR = Path(__file__).parent / "data" / "cvs"

# file stem -> the CV owner's name as they would type it
SEED_CVS = {
    "chonlam_lao": "ChonLam Lao",
    "hao_wang": "Hao Wang",
    "maximilian_lam": "Maximilian Lam",
    "chaoyang_he": "Chaoyang He",
}


def cv_path(stem: str) -> Path:
    return CV_DIR / f"{stem}.txt"


def cv_text(stem: str) -> str:
    return cv_path(stem).read_text(encoding="utf-8")
