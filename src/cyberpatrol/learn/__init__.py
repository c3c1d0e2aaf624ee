"""The learned crime-recruitment model: features, the runtime scorer, training.

Training uses scikit-learn; scoring a post needs only this package's
:class:`LinearModel`, which reads a model directory written by :func:`train`
(plain JSON — loading a model never runs code from it).
"""

from cyberpatrol.errors import ModelError
from cyberpatrol.learn.features import FeatureSpec, ngram_counts
from cyberpatrol.learn.linear import LinearModel

__all__ = ["FeatureSpec", "LinearModel", "ModelError", "ngram_counts"]
