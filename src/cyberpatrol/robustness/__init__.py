"""Disguise transforms and the robustness suite (`cyberpatrol robustness`)."""

from cyberpatrol.robustness.transforms import TRANSFORMS, Transform, key_spans

__all__ = ["TRANSFORMS", "Transform", "key_spans"]
