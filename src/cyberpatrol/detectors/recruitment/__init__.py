"""Crime-recruitment detectors (犯罪実行者募集情報): the lexicon, and the learned model."""

from __future__ import annotations

from cyberpatrol.detectors.recruitment.detector import RecruitmentLexiconDetector
from cyberpatrol.detectors.recruitment.learned import RecruitmentModelDetector
from cyberpatrol.detectors.recruitment.lexicon import Lexicon

__all__ = ["Lexicon", "RecruitmentLexiconDetector", "RecruitmentModelDetector"]
