"""The crime-recruitment detectors (犯罪実行者募集情報)."""

from __future__ import annotations

from cyberpatrol.detectors.recruitment.detector import RecruitmentLexiconDetector
from cyberpatrol.detectors.recruitment.lexicon import Lexicon

__all__ = ["Lexicon", "RecruitmentLexiconDetector"]
